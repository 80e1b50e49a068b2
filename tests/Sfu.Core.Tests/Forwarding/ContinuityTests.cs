namespace Sfu.Core.Tests.Forwarding;

public class ContinuityTests
{
    private const uint AudioSsrc = 0x2222_0001;
    private const uint VideoSsrc = 0x2222_0002;

    [Fact]
    public void PausingAndResumingVideoLeavesNoGapInTheSequenceNumbers()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);

        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x01)));
        SendFrames(h, publisher, camera, 3, 0x02);
        downTrack.Paused = true;
        SendFrames(h, publisher, camera, 4, 0x03);      // dropped: paused
        downTrack.Paused = false;
        SendFrames(h, publisher, camera, 2, 0x04);      // dropped: waiting for a keyframe
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x05)));
        SendFrames(h, publisher, camera, 2, 0x06);

        var sent = subscriber.Sent;
        Assert.Equal([0x01, 0x02, 0x02, 0x02, 0x05, 0x06, 0x06], sent.Select(p => p.Payload[^1]));
        AssertContiguous(sent);
        Assert.True(sent[4].Timestamp > sent[3].Timestamp);
    }

    [Fact]
    public void PaddingOnlyPacketsAreDroppedWithoutAGapWhileRealLossStaysAGap()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid);

        h.Send(publisher, mic.Next(RtpPackets.Opus(1)));
        h.Send(publisher, mic.Next([], padding: 200));   // bandwidth probe
        h.Send(publisher, mic.Next([], padding: 100));
        h.Send(publisher, mic.Next(RtpPackets.Opus(2)));
        mic.Lose();
        h.Send(publisher, mic.Next(RtpPackets.Opus(3)));
        h.Send(publisher, mic.Next(RtpPackets.Opus(4), padding: 4)); // media with padding: forwarded, padding removed

        var sent = subscriber.Sent;
        Assert.Equal(4, sent.Count);
        Assert.Equal([1, 2, 1], Differences(sent)); // the probes took no number; the lost packet kept its own
        Assert.False(sent[3].Header.HasPadding);
        Assert.Equal(RtpPackets.Opus(4), sent[3].Payload);
        Assert.Equal(2, audio.Layers[0].PaddingPacketsReceived);
        Assert.Equal(1, audio.Layers[0].PacketsLost);
    }

    [Fact]
    public void APublisherSsrcChangeContinuesSequenceNumbersAndTimestamps()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid, firstSequenceNumber: 40_000, firstTimestamp: 3_000_000);
        for (int i = 0; i < 3; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            mic.NextFrame(960);
            h.Time.AdvanceMilliseconds(20);
        }

        // The microphone restarts: new SSRC, new random sequence number and timestamp, 100 ms later.
        h.Time.AdvanceMilliseconds(80);
        mic.Ssrc = 0x3333_0001;
        mic.SequenceNumber = 7;
        mic.Timestamp = 12_345;
        for (int i = 0; i < 3; i++)
        {
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            mic.NextFrame(960);
            h.Time.AdvanceMilliseconds(20);
        }

        var sent = subscriber.Sent;
        Assert.Equal(6, sent.Count);
        Assert.All(sent, p => Assert.Equal(0xA1u, p.Ssrc));
        AssertContiguous(sent);
        Assert.Equal([960u, 960u, 4800u, 960u, 960u], TimestampDifferences(sent)); // 100 ms at 48 kHz across the restart
        Assert.Equal(0x3333_0001u, audio.Layers[0].Ssrc);
    }

    [Fact]
    public void ANewVideoSourceStartsAtItsKeyframeAndContinuesTheNumbering()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        var downTrack = h.Subscribe(video, subscriber, 0xB1);
        var camera = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        SendFrames(h, publisher, camera, 2, 0x02);

        camera.Ssrc = 0x4444_0002;
        camera.SequenceNumber = 60_000;
        publisher.Clear();
        h.Time.Advance(TimeSpan.FromSeconds(2));
        SendFrames(h, publisher, camera, 2, 0x03);   // the new encoder's deltas cannot be decoded yet
        Assert.True(downTrack.IsWaitingForKeyframe);
        Assert.Equal([0x4444_0002u], publisher.Plis);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe(0x04)));
        SendFrames(h, publisher, camera, 1, 0x05);

        var sent = subscriber.Sent;
        Assert.Equal([0xAA, 0x02, 0x02, 0x04, 0x05], sent.Select(p => p.Payload[^1]));
        AssertContiguous(sent);
        Assert.True(sent[3].Timestamp - sent[2].Timestamp >= 2 * 90_000);
    }

    [Fact]
    public void SixteenAndThirtyTwoBitWrapsOfThePublisherAreInvisible()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("publisher");
        var audio = h.PublishAudio(publisher);
        var subscriber = new RecordingSink("s");
        h.Subscribe(audio, subscriber, 0xA1);
        var mic = new StreamGenerator(AudioSsrc, TestCodecs.PubOpus, ForwardingHarness.AudioMid, firstSequenceNumber: 65_530, firstTimestamp: uint.MaxValue - 2_000);
        var expected = new List<uint>();
        for (int i = 0; i < 12; i++)
        {
            expected.Add(mic.Timestamp);
            h.Send(publisher, mic.Next(RtpPackets.Opus()));
            mic.NextFrame(960);
        }

        var sent = subscriber.Sent;
        Assert.Equal(12, sent.Count);
        AssertContiguous(sent);
        Assert.All(TimestampDifferences(sent), d => Assert.Equal(960u, d));
        Assert.Equal(65_530 + 11, audio.Layers[0].HighestSequenceNumber);
        Assert.Equal(0, audio.Layers[0].PacketsLost);
    }

    private static void SendFrames(ForwardingHarness h, RecordingSink publisher, StreamGenerator camera, int frames, byte fill)
    {
        for (int i = 0; i < frames; i++)
        {
            camera.NextFrame(3000);
            h.Time.AdvanceMilliseconds(33);
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta(fill), marker: true));
        }
    }

    private static void AssertContiguous(IReadOnlyList<SentPacket> sent) =>
        Assert.All(Differences(sent), d => Assert.Equal(1, d));

    private static List<int> Differences(IReadOnlyList<SentPacket> sent) =>
        sent.Zip(sent.Skip(1), (a, b) => (int)(ushort)(b.SequenceNumber - a.SequenceNumber)).ToList();

    private static List<uint> TimestampDifferences(IReadOnlyList<SentPacket> sent) =>
        sent.Zip(sent.Skip(1), (a, b) => b.Timestamp - a.Timestamp).ToList();
}
