using System.Text;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Forwarding;

public class ReportTests
{
    private const uint AudioSsrc = 0x6666_0001;

    [Fact]
    public void EachDownTrackSendsASenderReportWithSdesEverySecond()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(audio, subscriber, 0xA1);
        var silent = new RecordingSink("silent");
        h.Subscribe(h.PublishVideo(publisher), silent, 0xB1); // never forwards anything: no SR
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        for (int i = 0; i < 10; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus(size: 80)));
            mic.NextFrame(960);
            h.Time.AdvanceMilliseconds(20);
        }

        h.Router.Tick();
        Assert.Empty(subscriber.Rtcp);                            // not due yet
        h.Time.AdvanceMilliseconds(800);
        h.Router.Tick();
        h.Router.Tick();

        var compound = Assert.Single(subscriber.Rtcp);
        var reader = new RtcpCompoundReader(compound);
        Assert.True(reader.TryReadNext(out var first, out var srBytes));
        Assert.Equal(RtcpPacketType.SenderReport, first.PacketType);
        Assert.Equal(RtcpParseError.None, SenderReport.TryParse(srBytes, out var sr));
        Assert.Equal(0xA1u, sr.Ssrc);
        Assert.Equal(10u, sr.PacketCount);
        Assert.Equal(800u, sr.OctetCount);
        Assert.Equal(Ntp(h.Time.GetUtcNow()), sr.NtpTimestamp);
        uint lastSent = subscriber.Sent[^1].Timestamp;
        Assert.Equal(lastSent + (820 * 48), sr.RtpTimestamp);   // 820 ms after the last packet, at 48 kHz
        Assert.True(reader.TryReadNext(out var second, out var sdesBytes));
        Assert.Equal(RtcpPacketType.SourceDescription, second.PacketType);
        Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(sdesBytes, out var sdes));
        Assert.True(sdes.TryFindItem(SdesItemType.Cname, out uint cnameSsrc, out var cname));
        Assert.Equal(0xA1u, cnameSsrc);
        Assert.Equal("cname-s", Encoding.UTF8.GetString(cname));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.Empty(silent.Rtcp);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Router.Tick();
        Assert.Equal(2, subscriber.Rtcp.Count);
        Assert.Equal(2, downTrack.SenderReportsSent);
    }

    [Fact]
    public void TheSenderReportTimestampFollowsThePublishersSenderReport()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid, firstTimestamp: 100_000);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        uint offset = subscriber.Sent[0].Timestamp - 100_000;

        // The publisher's clock says RTP 100_000 + 7_200 at this instant (its capture clock runs ahead of the packets).
        h.SendRtcp(publisher, RtpPackets.SenderReport(AudioSsrc, 0xE000_0000_8000_0000, 107_200));
        Assert.Equal((ulong)0xE000_0000_8000_0000, audio.Layers[0].LastSenderReportNtp);
        h.Time.AdvanceMilliseconds(1000);
        h.Router.Tick();

        var srs = subscriber.RtcpOfType(RtcpPacketType.SenderReport);
        Assert.Equal(RtcpParseError.None, SenderReport.TryParse(Assert.Single(srs), out var sr));
        Assert.Equal(107_200 + offset + 48_000, sr.RtpTimestamp);
    }

    [Fact]
    public void PublishersGetReceiverReportsWithLossJitterAndTheirLastSenderReport()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid, firstSequenceNumber: 65_500);
        for (int i = 0; i < 40; i++)
        {
            if (i == 17)
            {
                mic.Lose();
            }
            else
            {
                h.Send(publisher, mic.Next(RtpPackets.Opus()));
            }

            mic.NextFrame(960);
            h.Time.AdvanceMilliseconds(i % 2 == 0 ? 10 : 30);      // 20 ms frames arriving ±10 ms
        }

        ulong srNtp = 0xE100_0000_4000_0000;
        h.SendRtcp(publisher, RtpPackets.SenderReport(AudioSsrc, srNtp, 123_456));
        h.Time.AdvanceMilliseconds(250);
        h.Router.Tick();

        var rrs = publisher.RtcpOfType(RtcpPacketType.ReceiverReport);
        Assert.Equal(RtcpParseError.None, ReceiverReport.TryParse(Assert.Single(rrs), out var rr));
        Assert.Equal(h.Router.ReporterSsrc, rr.Ssrc);
        var block = rr.ReportBlocks[0];
        Assert.Equal(1, rr.ReportBlocks.Count);
        Assert.Equal(AudioSsrc, block.Ssrc);
        Assert.Equal(0x1_0000u + 3, block.ExtendedHighestSequenceNumber); // 65500 + 39, one wrap
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal((byte)(256 / 40), block.FractionLost);
        Assert.InRange(block.Jitter, 400u, 960u);                     // |D| is 480 units (10 ms) at every packet
        Assert.Equal(NtpTime.ToCompact(srNtp), block.LastSenderReport);
        Assert.InRange(block.DelaySinceLastSenderReport, (250u * 65536 / 1000) - 1, (250u * 65536 / 1000) + 1);
        Assert.Single(publisher.RtcpOfType(RtcpPacketType.SourceDescription));
        Assert.Equal(1.0 / 40, audio.Layers[0].FractionLost, 2);

        // Next interval: no new loss.
        for (int i = 0; i < 10; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            mic.NextFrame(960);
            h.Time.AdvanceMilliseconds(100);
        }

        h.Router.Tick();
        Assert.Equal(RtcpParseError.None, ReceiverReport.TryParse(publisher.RtcpOfType(RtcpPacketType.ReceiverReport)[1], out var next));
        Assert.Equal(0, next.ReportBlocks[0].FractionLost);
        Assert.Equal(1, next.ReportBlocks[0].CumulativeLost);
    }

    [Fact]
    public void EvenlyPacedArrivalsHaveNoJitter()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        for (int i = 0; i < 60; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            mic.NextFrame(960);
            h.Time.AdvanceMilliseconds(20);
        }

        h.Router.Tick();
        Assert.Equal(RtcpParseError.None, ReceiverReport.TryParse(Assert.Single(publisher.RtcpOfType(RtcpPacketType.ReceiverReport)), out var rr));
        Assert.Equal(0u, rr.ReportBlocks[0].Jitter);
        Assert.Equal(0u, rr.ReportBlocks[0].LastSenderReport);
        Assert.Equal(0.0, audio.Layers[0].Jitter);
    }

    [Fact]
    public void TheSubscribersReceiverReportGivesRoundTripTimeLossAndJitter()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        h.Send(publisher, mic.Next(RtpPackets.Opus()));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Router.Tick();
        Assert.Equal(RtcpParseError.None, SenderReport.TryParse(Assert.Single(subscriber.RtcpOfType(RtcpPacketType.SenderReport)), out var sr));

        // The subscriber answers 70 ms later, having held the SR for 50 ms: 20 ms round trip.
        h.Time.AdvanceMilliseconds(70);
        var block = new ReportBlock(0xA1, 0x20, 3, 1234, 42, NtpTime.ToCompact(sr.NtpTimestamp), NtpTime.MicrosecondsToCompact(50_000));
        h.SendRtcp(subscriber, RtpPackets.ReceiverReport(0x5EB, block, new ReportBlock(0xDEAD, 0xFF, 99, 0, 0, 0, 0)));

        Assert.NotNull(downTrack.RoundTripTime);
        Assert.InRange(downTrack.RoundTripTime!.Value.TotalMilliseconds, 19.9, 20.1);
        Assert.Equal(0x20 / 256.0, downTrack.FractionLost);
        Assert.Equal(3, downTrack.PacketsLost);
        Assert.Equal(42u, downTrack.Jitter);
        Assert.Equal(1, downTrack.ReceiverReportsReceived);
    }

    private static ulong Ntp(DateTimeOffset time) =>
        NtpTime.FromUnixMicroseconds((time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10);
}
