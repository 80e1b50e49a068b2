using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// One subscriber's endpoint: one compound of sender reports per report interval for all its down-tracks, one
/// transport-wide sequence number over all of them, and its RTCP handed to the down-track it names.
/// </summary>
public class SubscriberEndpointTests
{
    [Fact]
    public void TheSenderReportsOfAllDownTracksGoInOneCompoundPerInterval()
    {
        using var h = new ForwardingHarness();
        var subscriber = new RecordingSink("s");
        var downTracks = SubscribeToAudioTracks(h, subscriber, count: 5, out _);
        h.Time.AdvanceMilliseconds(1000);
        h.Router.Tick();

        var compound = Assert.Single(subscriber.Rtcp);
        Assert.True(compound.Length <= ForwardingContext.MaxRtcpCompoundLength);
        Assert.Equal(downTracks.Select(d => d.Ssrc), SenderReportSsrcs(compound));
        Assert.Equal(downTracks.Select(d => d.Ssrc), CnameSsrcs(compound));
        Assert.All(downTracks, d => Assert.Equal(1, d.SenderReportsSent));
        Assert.Equal(1, downTracks[0].Endpoint.SenderReportCompoundsSent);

        h.Time.AdvanceMilliseconds(500);
        h.Router.Tick();
        Assert.Single(subscriber.Rtcp); // not due again yet
        h.Time.AdvanceMilliseconds(500);
        h.Router.Tick();
        Assert.Equal(2, subscriber.Rtcp.Count);
    }

    [Fact]
    public void ManyDownTracksAreSplitIntoCompoundsThatFitTheMtuWithEachReportOnce()
    {
        using var h = new ForwardingHarness();
        var subscriber = new RecordingSink("s");
        var downTracks = SubscribeToAudioTracks(h, subscriber, count: 60, out int reportLength);
        h.Time.AdvanceMilliseconds(1000);
        h.Router.Tick();

        int perCompound = ForwardingContext.MaxRtcpCompoundLength / reportLength;
        Assert.Equal((60 + perCompound - 1) / perCompound, subscriber.Rtcp.Count);
        Assert.All(subscriber.Rtcp, c => Assert.InRange(c.Length, 1, ForwardingContext.MaxRtcpCompoundLength));
        Assert.All(subscriber.Rtcp, c => Assert.Equal(RtcpPacketType.SenderReport, (RtcpPacketType)c[1])); // each starts with an SR
        Assert.Equal(downTracks.Select(d => d.Ssrc), subscriber.Rtcp.SelectMany(SenderReportSsrcs));
        Assert.All(downTracks, d => Assert.Equal(1, d.SenderReportsSent));
    }

    [Fact]
    public void EveryPacketOfTheSubscriberTakesTheNextTransportWideSequenceNumber()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var subscriber = new RecordingSink("s");
        var audio = h.PublishAudio(publisher);
        var video = h.PublishVideo(publisher);
        h.Subscribe(audio, subscriber, 0xA1, mid: "0");
        h.Subscribe(video, subscriber, 0xB1, mid: "1");
        var mic = new StreamGenerator(0x10, TestCodecs.PubOpus, ForwardingHarness.AudioMid);
        var camera = new StreamGenerator(0x20, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        for (int i = 0; i < 5; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            h.Send(publisher, camera.Next(RtpPackets.Vp8Continuation()));
        }

        var numbers = subscriber.Sent.Select(p => BinaryPrimitives.ReadUInt16BigEndian(p.Extension(TestCodecs.SubTransportCc))).ToList();
        Assert.Equal(11, numbers.Count);
        Assert.Equal(Enumerable.Range(numbers[0], 11).Select(n => (ushort)n), numbers);
        Assert.Equal((ushort)(numbers[^1] + 1), h.Router.DownTracks[0].Endpoint.TransportSequenceNumber);
    }

    [Fact]
    public void RtcpReachesTheDownTrackItNamesAndNothingAfterItEnded()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var subscriber = new RecordingSink("s");
        var first = h.PublishVideo(publisher, "v1", "1");
        var second = h.PublishVideo(publisher, "v2", "2");
        var one = h.Subscribe(first, subscriber, 0xB1, mid: "1");
        var two = h.Subscribe(second, subscriber, 0xB2, mid: "2");
        h.Time.Advance(TimeSpan.FromSeconds(2)); // past the keyframe request throttle of the subscribe

        h.SendRtcp(subscriber, RtpPackets.Pli(0x5EB, 0xB2));
        h.SendRtcp(subscriber, RtpPackets.ReceiverReport(0x5EB, new ReportBlock(0xB1, 0x40, 7, 1, 9, 0, 0)));

        Assert.Equal((0, 1), (one.KeyframeRequestsReceived, two.KeyframeRequestsReceived));
        Assert.Equal((1, 0), (one.ReceiverReportsReceived, two.ReceiverReportsReceived));
        Assert.Equal(7, one.PacketsLost);

        h.Router.Unsubscribe(two);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        h.SendRtcp(subscriber, RtpPackets.Pli(0x5EB, 0xB2));
        Assert.Equal(1, two.KeyframeRequestsReceived);
        Assert.False(one.Endpoint.HasSsrc(0xB2));
        Assert.True(one.Endpoint.HasSsrc(0xB1));
    }

    /// <summary>Publishes <paramref name="count"/> audio tracks, subscribes one subscriber to all and forwards a packet of each.</summary>
    private static List<DownTrack> SubscribeToAudioTracks(ForwardingHarness h, RecordingSink subscriber, int count, out int reportLength)
    {
        var publisher = new RecordingSink("p");
        var downTracks = new List<DownTrack>();
        for (int i = 0; i < count; i++)
        {
            var track = h.PublishAudio(publisher, "audio" + i, "m" + i);
            downTracks.Add(h.Subscribe(track, subscriber, 0xA000 + (uint)i, mid: i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            h.Send(publisher, new StreamGenerator(0x100 + (uint)i, TestCodecs.PubOpus, "m" + i).Next(RtpPackets.Opus()));
        }

        reportLength = SenderReport.GetLength(0) + SourceDescription.GetCnameLength(("cname-" + subscriber).Length);
        return downTracks;
    }

    private static List<uint> SenderReportSsrcs(byte[] compound) => Packets(compound, RtcpPacketType.SenderReport)
        .Select(p =>
        {
            Assert.Equal(RtcpParseError.None, SenderReport.TryParse(p, out var sr));
            return sr.Ssrc;
        })
        .ToList();

    private static List<uint> CnameSsrcs(byte[] compound) => Packets(compound, RtcpPacketType.SourceDescription)
        .Select(p =>
        {
            Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(p, out var sdes));
            Assert.True(sdes.TryFindItem(SdesItemType.Cname, out uint ssrc, out _));
            return ssrc;
        })
        .ToList();

    private static List<byte[]> Packets(byte[] compound, RtcpPacketType type)
    {
        var found = new List<byte[]>();
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var header, out var packet))
        {
            if (header.PacketType == type)
            {
                found.Add(packet.ToArray());
            }
        }

        Assert.Equal(RtcpParseError.None, reader.Error);
        return found;
    }
}
