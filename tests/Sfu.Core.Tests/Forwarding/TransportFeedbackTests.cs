using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

public class TransportFeedbackTests
{
    private const uint VideoSsrc = 0x1234;

    [Fact]
    public void TransportCcFeedbackCoversExactlyTheReceivedSequenceNumbersWithTheirArrivalTimesAcrossTheWrap()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        h.PublishVideo(publisher);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);

        // Transport-wide numbers across the 16-bit wrap: 65535 and 1 lost, 3 arrives after 4.
        ushort[] order = [65533, 65534, 0, 2, 4, 3];
        var expected = new Dictionary<ushort, long>();
        foreach (ushort sequence in order)
        {
            h.Time.AdvanceMilliseconds(sequence == 2 ? 20 : 3);
            h.Send(publisher, stream.Next(RtpPackets.Vp8Delta(), extraExtensions: [Twcc(sequence)]));
            expected[sequence] = NowMicroseconds(h);
        }

        h.Time.AdvanceMilliseconds(60);
        h.Router.Tick();

        var feedback = Assert.Single(Feedbacks(publisher));
        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(feedback, out var parsed));
        Assert.Equal(h.Router.ReporterSsrc, parsed.SenderSsrc);
        Assert.Equal(VideoSsrc, parsed.MediaSsrc);
        Assert.Equal(65533, parsed.BaseSequenceNumber);
        Assert.Equal(8, parsed.PacketStatusCount); // 65533 .. 4
        var received = new Dictionary<ushort, long>();
        var lost = new List<ushort>();
        foreach (var status in parsed)
        {
            if (status.IsReceived)
            {
                received[status.SequenceNumber] = status.ArrivalTimeMicroseconds;
            }
            else
            {
                lost.Add(status.SequenceNumber);
            }
        }

        Assert.Equal(new ushort[] { 65535, 1 }, lost);
        Assert.Equal(expected.Keys.Order(), received.Keys.Order());
        foreach (var (sequence, micros) in expected)
        {
            Assert.Equal(micros, received[sequence]); // whole milliseconds: exact on the 250 µs grid
        }

        // The next feedback continues after 4, with the next feedback packet count.
        h.Time.AdvanceMilliseconds(5);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Delta(), extraExtensions: [Twcc(5)]));
        h.Time.AdvanceMilliseconds(60);
        h.Router.Tick();
        var second = Feedbacks(publisher)[1];
        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(second, out var next));
        Assert.Equal(5, next.BaseSequenceNumber);
        Assert.Equal(1, next.PacketStatusCount);
        Assert.Equal((byte)(parsed.FeedbackPacketCount + 1), next.FeedbackPacketCount);
    }

    [Fact]
    public void NoFeedbackBeforeTheIntervalOrWithoutPackets()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        h.PublishVideo(publisher);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);

        h.Router.Tick();
        h.Send(publisher, stream.Next(RtpPackets.Vp8Delta(), extraExtensions: [Twcc(7)]));
        h.Time.AdvanceMilliseconds(20);
        h.Router.Tick();
        Assert.Empty(Feedbacks(publisher));

        h.Time.AdvanceMilliseconds(40);
        h.Router.Tick();
        Assert.Single(Feedbacks(publisher));
        h.Time.AdvanceMilliseconds(60);
        h.Router.Tick();
        Assert.Single(Feedbacks(publisher)); // nothing new arrived
    }

    [Fact]
    public void RembInsteadOfTransportCcWhenOnlyGoogRembWasNegotiated()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        var codecs = new[] { TestCodecs.Vp8(TestCodecs.PubVp8, TestCodecs.PubVp8Rtx, RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Remb) };
        h.PublishVideo(publisher, codecs: codecs);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);

        long bytes = 0;
        for (int i = 0; i < 400; i++)
        {
            h.Time.AdvanceMilliseconds(2.5); // 400 packets in one second
            var packet = stream.Next(RtpPackets.Vp8Delta(size: 1000), extraExtensions: [Twcc((ushort)i)]);
            bytes += packet.Length;
            h.Send(publisher, packet);
            h.Router.Tick();
        }

        Assert.Empty(Feedbacks(publisher));
        var rembs = publisher.RtcpOfType(RtcpPacketType.PayloadFeedback).Where(p => (p[0] & 0x1F) == 15).ToList();
        var remb = Assert.Single(rembs);
        Assert.Equal(RtcpParseError.None, ReceiverEstimatedMaxBitrate.TryParse(remb, out var parsed));
        Assert.Equal(h.Router.ReporterSsrc, parsed.SenderSsrc);
        Assert.Equal(VideoSsrc, parsed.GetSsrc(0));
        double expected = bytes * 8 * RoomRouter.RembHeadroom; // over exactly one second
        Assert.InRange((double)parsed.Bitrate, expected * 0.99, expected);
    }

    [Fact]
    public void RembNeverAsksForLessThanTheFloor()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        var codecs = new[] { TestCodecs.Vp8(TestCodecs.PubVp8, null, RtcpFeedbackFlags.Remb) };
        h.PublishVideo(publisher, codecs: codecs);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Delta()));
        h.Time.AdvanceMilliseconds(1001);
        h.Router.Tick();

        var remb = Assert.Single(publisher.RtcpOfType(RtcpPacketType.PayloadFeedback));
        Assert.Equal(RtcpParseError.None, ReceiverEstimatedMaxBitrate.TryParse(remb, out var parsed));
        Assert.InRange((long)parsed.Bitrate, RoomRouter.MinRembBitrate * 99 / 100, RoomRouter.MinRembBitrate);
    }

    internal static (int Id, byte[] Value) Twcc(ushort sequence) => (TestCodecs.PubTransportCc, [(byte)(sequence >> 8), (byte)sequence]);

    internal static List<byte[]> Feedbacks(RecordingSink publisher) =>
        publisher.RtcpOfType(RtcpPacketType.TransportFeedback).Where(p => (p[0] & 0x1F) == (int)RtpFeedbackFormat.TransportWideCc).ToList();

    private static long NowMicroseconds(ForwardingHarness h) => h.Time.GetTimestamp() / 10; // 100 ns ticks
}
