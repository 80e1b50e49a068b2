using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Forwarding;

public class SubscriberNackTests
{
    private const uint VideoSsrc = 0x1234;
    private const uint SubscriberSsrc = 0xAAAA;
    private const uint SubscriberRtxSsrc = 0xBBBB;
    private const byte SubVp8Rtx = 121;

    [Fact]
    public void ANackedPacketIsResentAsRtxWithTheOriginalSequenceNumberFirst()
    {
        using var h = new ForwardingHarness();
        var (subscriber, down, sent) = Forward(h, rtxSsrc: SubscriberRtxSsrc);
        var lost = sent[1];
        subscriber.Clear();

        h.SendRtcp(subscriber, Nack(lost.SequenceNumber));

        var resent = Assert.Single(subscriber.Sent);
        Assert.Equal(SubscriberRtxSsrc, resent.Ssrc);
        Assert.Equal(SubVp8Rtx, resent.PayloadType);
        Assert.Equal(lost.Timestamp, resent.Timestamp);
        Assert.Equal(lost.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(resent.Payload));
        Assert.Equal(lost.Payload, resent.Payload[2..]);
        Assert.Equal(lost.Extension(TestCodecs.SubMid), resent.Extension(TestCodecs.SubMid));
        ushort lastTransportSequence = BinaryPrimitives.ReadUInt16BigEndian(sent[^1].Extension(TestCodecs.SubTransportCc));
        Assert.Equal((ushort)(lastTransportSequence + 1), BinaryPrimitives.ReadUInt16BigEndian(resent.Extension(TestCodecs.SubTransportCc))); // a new transport-wide number
        Assert.Equal(1, down.NacksReceived);
        Assert.Equal(1, down.NackedPacketsReceived);
        Assert.Equal(1, down.RetransmissionsSent);

        // The RTX stream numbers its own packets.
        h.Time.AdvanceMilliseconds(20);
        h.SendRtcp(subscriber, Nack(sent[2].SequenceNumber));
        Assert.Equal((ushort)(resent.SequenceNumber + 1), subscriber.Sent[1].SequenceNumber);
        Assert.Equal(sent[2].SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(subscriber.Sent[1].Payload));
    }

    [Fact]
    public void WithoutRtxTheSamePacketIsResentAsIs()
    {
        using var h = new ForwardingHarness();
        var (subscriber, down, sent) = Forward(h, rtxSsrc: null);
        subscriber.Clear();

        h.SendRtcp(subscriber, Nack(sent[2].SequenceNumber));

        var resent = Assert.Single(subscriber.Sent);
        Assert.Equal(SubscriberSsrc, resent.Ssrc);
        Assert.Equal(sent[2].SequenceNumber, resent.SequenceNumber);
        Assert.Equal(TestCodecs.SubVp8, resent.PayloadType);
        Assert.Equal(sent[2].Payload, resent.Payload);
        Assert.Equal(1, down.RetransmissionsSent);
    }

    [Fact]
    public void ResendsAreBoundedPerPacketAndUnknownNumbersAreCountedAsMissed()
    {
        using var h = new ForwardingHarness();
        var (subscriber, down, sent) = Forward(h, rtxSsrc: SubscriberRtxSsrc);
        subscriber.Clear();
        ushort lost = sent[1].SequenceNumber;

        h.SendRtcp(subscriber, Nack(lost));
        h.SendRtcp(subscriber, Nack(lost)); // the same burst: answered once
        Assert.Single(subscriber.Sent);

        for (int i = 0; i < 20; i++)
        {
            h.Time.Advance(DownTrack.MinResendInterval);
            h.SendRtcp(subscriber, Nack(lost));
        }

        Assert.Equal(DownTrack.MaxResendsPerPacket, subscriber.Sent.Count);
        Assert.Equal(DownTrack.MaxResendsPerPacket, down.RetransmissionsSent);

        h.SendRtcp(subscriber, Nack((ushort)(sent[^1].SequenceNumber + 5))); // never sent
        Assert.Equal(1, down.RetransmissionsMissed);
        Assert.Equal(23, down.NacksReceived);
    }

    [Fact]
    public void APacketOlderThanTheDownTracksSequenceMapIsNotResent()
    {
        using var h = new ForwardingHarness();
        var (subscriber, down, sent) = Forward(h, rtxSsrc: null, packets: SentPacketMap.Capacity + 10);
        subscriber.Clear();

        h.SendRtcp(subscriber, Nack(sent[2].SequenceNumber)); // its record was overwritten by a packet 512 later
        h.SendRtcp(subscriber, Nack(sent[^3].SequenceNumber));

        var resent = Assert.Single(subscriber.Sent);
        Assert.Equal(sent[^3].SequenceNumber, resent.SequenceNumber);
        Assert.Equal(1, down.RetransmissionsMissed);
    }

    [Fact]
    public void APacketTheReceiveStreamNoLongerKeepsIsNotResent()
    {
        using var h = new ForwardingHarness();
        var probe = new ReceivedPacketRing(ReceivedPacketRing.InitialSlots);
        int kept = probe.Capacity; // at least the slots asked for: what the pooled array holds
        probe.Release();
        Assert.InRange(kept, ReceivedPacketRing.InitialSlots, SentPacketMap.Capacity - 20);
        var (subscriber, down, sent) = Forward(h, rtxSsrc: null, packets: kept + 10);
        Assert.Equal(kept, down.Track.Layers[0].Retransmissions!.Capacity);
        subscriber.Clear();

        h.SendRtcp(subscriber, Nack(sent[2].SequenceNumber)); // still in the down-track's map, but its received copy is overwritten
        h.Time.AdvanceMilliseconds(20);
        h.SendRtcp(subscriber, Nack(sent[2].SequenceNumber)); // and then forgotten: a miss again
        h.SendRtcp(subscriber, Nack(sent[^3].SequenceNumber));

        var resent = Assert.Single(subscriber.Sent);
        Assert.Equal(sent[^3].SequenceNumber, resent.SequenceNumber);
        Assert.Equal(2, down.RetransmissionsMissed);
    }

    [Fact]
    public void AudioWithoutNackCachesNothing()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("pub");
        var audio = h.PublishAudio(publisher);
        var down = h.Subscribe(audio, new RecordingSink("sub"), 0xCCCC);
        Assert.False(down.CachesPackets);
    }

    /// <summary>Forwards a keyframe and continuation packets to one subscriber; returns what it received.</summary>
    private static (RecordingSink Subscriber, DownTrack Down, List<SentPacket> Sent) Forward(ForwardingHarness h, uint? rtxSsrc, int packets = 6)
    {
        var publisher = new RecordingSink("pub");
        var subscriber = new RecordingSink("sub");
        var video = h.PublishVideo(publisher);
        var down = h.Router.Subscribe(video, subscriber, new DownTrackParameters
        {
            Ssrc = SubscriberSsrc,
            RtxSsrc = rtxSsrc,
            Cname = "c",
            Codecs = TestCodecs.SubscriberVideo,
            HeaderExtensions = TestCodecs.SubscriberExtensions,
            Mid = "5",
        });
        Assert.True(down.CachesPackets);
        var stream = new StreamGenerator(VideoSsrc, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, stream.Next(RtpPackets.Vp8Keyframe()));
        for (int i = 1; i < packets; i++)
        {
            h.Time.AdvanceMilliseconds(1);
            h.Send(publisher, stream.Next(RtpPackets.Vp8Continuation((byte)i), marker: i % 3 == 0));
        }

        var sent = subscriber.SentWithSsrc(SubscriberSsrc).ToList();
        Assert.Equal(packets, sent.Count);
        return (subscriber, down, sent);
    }

    private static byte[] Nack(params ushort[] sequenceNumbers)
    {
        var buffer = new byte[GenericNack.GetLength(sequenceNumbers)];
        GenericNack.Write(buffer, 0x5EB, SubscriberSsrc, sequenceNumbers);
        return buffer;
    }
}
