using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// Retransmissions rebuilt from the one copy each receive stream keeps: exactly the packet that was sent (numbers,
/// timestamp, payload type, marker, munged VP8 fields, copied extensions), across simulcast switches and SSRC changes,
/// with the received packets stored once however many subscribers there are.
/// </summary>
public class SharedRetransmissionTests
{
    private const uint High = 0x100;
    private const uint Low = 0x300;
    private const byte SubVp8Rtx = 121;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryResendIsThePacketAsSentAcrossASimulcastSwitch(bool rtx)
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher, rids: ["h", "l"]);
        var subscriber = new RecordingSink("s");
        var down = h.Router.Subscribe(video, subscriber, new DownTrackParameters
        {
            Ssrc = 0xB1,
            RtxSsrc = rtx ? 0xB2 : null,
            Cname = "c",
            Codecs = TestCodecs.SubscriberVideo,
            HeaderExtensions = TestCodecs.SubscriberExtensions,
            Mid = "1",
        });
        var high = new StreamGenerator(High, TestCodecs.PubVp8, ForwardingHarness.VideoMid, 100, 1_000, "h");
        var low = new StreamGenerator(Low, TestCodecs.PubVp8, ForwardingHarness.VideoMid, 60_000, 9_000, "l");
        int picture = 0;
        for (int frame = 0; frame < 30; frame++)
        {
            if (frame == 10)
            {
                down.SetPreferredLayers(0, null, null); // to the low layer at its next keyframe
            }

            h.Time.AdvanceMilliseconds(33);
            bool keyframe = frame is 0 or 15;
            h.Send(publisher, high.Next(Vp8(5_000 + picture, 50 + frame, keyframe, fill: 0xA0), marker: true, [(TestCodecs.PubVideoOrientation, [1])]));
            h.Send(publisher, low.Next(Vp8(30_000 + picture, 200 + frame, keyframe, fill: 0xC0), marker: true, [(TestCodecs.PubVideoOrientation, [3])]));
            high.NextFrame(3000);
            low.NextFrame(3000);
            picture++;
        }

        List<SentPacket> sent = subscriber.Sent.ToList();
        Assert.Equal(1, down.LayerSwitches);
        Assert.Contains(sent, p => p.Payload[^1] == 0xA0);
        Assert.Contains(sent, p => p.Payload[^1] == 0xC0);
        subscriber.Clear();

        foreach (SentPacket original in sent)
        {
            h.SendRtcp(subscriber, Nack(0xB1, original.SequenceNumber));
        }

        Assert.Equal(sent.Count, down.RetransmissionsSent);
        Assert.Equal(0, down.RetransmissionsMissed);
        ushort rtxSequence = 0;
        foreach (var (original, resent) in sent.Zip(subscriber.Sent))
        {
            byte[] payload = resent.Payload;
            if (rtx)
            {
                Assert.Equal((0xB2u, SubVp8Rtx), (resent.Ssrc, resent.PayloadType));
                Assert.Equal(original.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(payload));
                Assert.True(rtxSequence == 0 || resent.SequenceNumber == (ushort)(rtxSequence + 1), "the RTX stream numbers its own packets");
                rtxSequence = resent.SequenceNumber;
                payload = payload[2..];
            }
            else
            {
                Assert.Equal((original.Ssrc, original.SequenceNumber, original.PayloadType), (resent.Ssrc, resent.SequenceNumber, resent.PayloadType));
            }

            Assert.Equal((original.Timestamp, original.Marker), (resent.Timestamp, resent.Marker));
            Assert.Equal(original.Payload, payload); // picture ID and TL0PICIDX as munged when sent
            Assert.Equal(original.Extension(TestCodecs.SubVideoOrientation), resent.Extension(TestCodecs.SubVideoOrientation));
            Assert.Equal(original.Extension(TestCodecs.SubMid), resent.Extension(TestCodecs.SubMid));
            Assert.NotEqual(original.Extension(TestCodecs.SubTransportCc), resent.Extension(TestCodecs.SubTransportCc));
        }
    }

    [Fact]
    public void AStreamThatMovedToANewSsrcStillResendsWhatItSentBefore()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher);
        var subscriber = new RecordingSink("s");
        var down = h.Subscribe(video, subscriber, 0xB1);
        var before = new StreamGenerator(0x10, TestCodecs.PubVp8, ForwardingHarness.VideoMid, firstSequenceNumber: 500);
        var after = new StreamGenerator(0x11, TestCodecs.PubVp8, ForwardingHarness.VideoMid, firstSequenceNumber: 500); // restarted: same numbers
        h.Send(publisher, before.Next(RtpPackets.Vp8Keyframe(0x01)));
        h.Send(publisher, before.Next(RtpPackets.Vp8Delta(0x02)));
        h.Send(publisher, before.Next(RtpPackets.Vp8Delta(0x03)));
        h.Send(publisher, after.Next(RtpPackets.Vp8Keyframe(0x11)));
        h.Send(publisher, after.Next(RtpPackets.Vp8Delta(0x12)));
        h.Send(publisher, after.Next(RtpPackets.Vp8Delta(0x13)));
        var sent = subscriber.Sent.ToList();
        Assert.Equal([0x01, 0x02, 0x03, 0x11, 0x12, 0x13], sent.Select(p => (int)p.Payload[^1]));
        subscriber.Clear();

        h.SendRtcp(subscriber, Nack(0xB1, sent[1].SequenceNumber, sent[4].SequenceNumber));

        Assert.Equal([0x02, 0x12], subscriber.Sent.Select(p => (int)p.Payload[^1]));
        Assert.Equal([sent[1].SequenceNumber, sent[4].SequenceNumber], subscriber.Sent.Select(p => p.SequenceNumber));
        Assert.Equal(0, down.RetransmissionsMissed);
    }

    [Fact]
    public void EachReceivedPacketIsKeptOnceForAllSubscribersAndReleasedWithTheLastOne()
    {
        using var h = new ForwardingHarness();
        var publisher = new RecordingSink("p");
        var video = h.PublishVideo(publisher);
        Assert.Null(video.Layers[0].Retransmissions);
        var downs = Enumerable.Range(0, 5).Select(i => h.Subscribe(video, new RecordingSink("s" + i), 0xB0 + (uint)i)).ToList();
        var ring = video.Layers[0].Retransmissions;
        Assert.NotNull(ring);
        var camera = new StreamGenerator(0x10, TestCodecs.PubVp8, ForwardingHarness.VideoMid);
        h.Send(publisher, camera.Next(RtpPackets.Vp8Keyframe()));
        for (int i = 0; i < 99; i++)
        {
            h.Send(publisher, camera.Next(RtpPackets.Vp8Delta()));
        }

        Assert.Equal(100, ring.Stored);
        Assert.All(downs, d => Assert.Equal(100, d.PacketsSent));
        foreach (var down in downs.Take(4))
        {
            h.Router.Unsubscribe(down);
            Assert.Same(ring, video.Layers[0].Retransmissions);
        }

        h.Router.Unsubscribe(downs[4]);
        Assert.Null(video.Layers[0].Retransmissions);
        Assert.Equal(0, ring.StorageBytes);
    }

    /// <summary>A VP8 payload with a 15-bit picture ID and TL0PICIDX (TID 0), then a frame header and fill.</summary>
    private static byte[] Vp8(int pictureId, int tl0, bool keyframe, byte fill)
    {
        var bytes = new List<byte> { 0x90, 0xE0, (byte)(0x80 | ((pictureId >> 8) & 0x7F)), (byte)pictureId, (byte)tl0, 0x00, (byte)(keyframe ? 0x10 : 0x11), 0x02, 0x00 };
        bytes.AddRange(Enumerable.Repeat(fill, 150));
        return bytes.ToArray();
    }

    private static byte[] Nack(uint mediaSsrc, params ushort[] sequenceNumbers)
    {
        var buffer = new byte[GenericNack.GetLength(sequenceNumbers)];
        GenericNack.Write(buffer, 0x5EB, mediaSsrc, sequenceNumbers);
        return buffer;
    }
}
