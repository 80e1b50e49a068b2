using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Forwarding;

[Collection(AllocationCollection.Name)]
public class LossRecoveryAllocationTests
{
    private const int Subscribers = 5;
    private const uint VideoSsrc = 0x100;
    private const uint RtxSsrc = 0x101;
    private const uint RembVideoSsrc = 0x200;

    [Fact]
    public void TransportCcRembNacksRtxRecoveryAndResendsAllocateNothing()
    {
        var time = new ManualTimeProvider();
        using var metrics = new MediaMetrics();
        var router = new RoomRouter(time, metrics);
        var publisher = new CountingSink();
        var rembPublisher = new CountingSink();
        var video = router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "video",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs = TestCodecs.PublisherVideo,
            HeaderExtensions = TestCodecs.PublisherExtensions,
        });
        router.AddPublishedTrack(rembPublisher, new PublishedTrackParameters
        {
            TrackId = "remb-video",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs = [TestCodecs.Vp8(TestCodecs.PubVp8, TestCodecs.PubVp8Rtx, RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Remb)],
            HeaderExtensions = TestCodecs.PublisherExtensions,
        });
        var sinks = new CountingSink[Subscribers];
        for (int i = 0; i < Subscribers; i++)
        {
            sinks[i] = new CountingSink();
            router.Subscribe(video, sinks[i], new DownTrackParameters
            {
                Ssrc = 0xB000 + (uint)i,
                RtxSsrc = i % 2 == 0 ? 0xC000 + (uint)i : null,
                Cname = "c" + i,
                Codecs = TestCodecs.SubscriberVideo,
                HeaderExtensions = TestCodecs.SubscriberExtensions,
                Mid = "1",
            });
        }

        var warmUp = Events(1, 400);
        var measured = Events(401, 2000);
        var nack = new byte[64];
        long checksum = Run(router, time, publisher, rembPublisher, sinks, warmUp, nack);
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Run(router, time, publisher, rembPublisher, sinks, measured, nack);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
        RtpStreamReceiver receiver = video.Layers[0];
        Assert.True(receiver.NacksSent > 50, $"{receiver.NacksSent} NACKs sent");
        Assert.True(receiver.PacketsRecovered > 100, $"{receiver.PacketsRecovered} recovered");
        Assert.All(video.DownTracks, d => Assert.True(d.RetransmissionsSent > 50, $"{d.RetransmissionsSent} resent"));
        Assert.True(rembPublisher.RtcpPackets > 5);
    }

    private static long Run(RoomRouter router, ManualTimeProvider time, CountingSink publisher, CountingSink rembPublisher, CountingSink[] sinks, List<byte[]> events, byte[] nack)
    {
        long checksum = 0;
        Span<ushort> lost = stackalloc ushort[1];
        for (int i = 0; i < events.Count; i++)
        {
            time.AdvanceMilliseconds(5);
            byte[] packet = events[i];
            if (RtpHeader.TryParse(packet, out RtpHeader header) != RtpParseError.None)
            {
                return -1_000_000;
            }

            router.OnRtp(publisher, packet, packet.Length, header);
            if (header.Ssrc == VideoSsrc)
            {
                var copy = header; // the same packet on the REMB publisher's stream
                router.OnRtp(rembPublisher, packet, packet.Length, copy);
            }

            checksum += header.SequenceNumber;
            if (i % 4 == 0)
            {
                router.Tick();
            }

            if (i % 20 == 10)
            {
                for (int s = 0; s < sinks.Length; s++)
                {
                    lost[0] = (ushort)(sinks[s].LastSequenceNumber - 3);
                    int length = GenericNack.Write(nack, 0x5EB, 0xB000 + (uint)s, lost);
                    router.OnRtcp(sinks[s], nack.AsSpan(0, length));
                }
            }
        }

        return checksum;
    }

    /// <summary>Publisher packets from <paramref name="first"/> to <paramref name="last"/>: every 10th lost and retransmitted on RTX two packets later.</summary>
    private static List<byte[]> Events(int first, int last)
    {
        var events = new List<byte[]>();
        var pendingRtx = new List<(int Due, ushort Sequence, byte[] Payload)>();
        ushort transportSequence = (ushort)(first * 2);
        ushort rtxSequence = (ushort)first;
        for (int s = first; s <= last; s++)
        {
            ushort sequence = (ushort)s;
            byte[] payload = s % 50 == 1 ? RtpPackets.Vp8Keyframe(size: 900) : RtpPackets.Vp8Delta(size: 900);
            if (s % 10 == 5)
            {
                pendingRtx.Add((s + 2, sequence, payload));
            }
            else
            {
                events.Add(RtpPackets.Build(VideoSsrc, sequence, (uint)(s / 3 * 3000), TestCodecs.PubVp8, payload, s % 3 == 2, Extensions(transportSequence++)));
            }

            foreach (var (due, lostSequence, lostPayload) in pendingRtx.Where(p => p.Due == s).ToList())
            {
                byte[] rtxPayload = [(byte)(lostSequence >> 8), (byte)lostSequence, .. lostPayload];
                events.Add(RtpPackets.Build(RtxSsrc, rtxSequence++, (uint)(lostSequence / 3 * 3000), TestCodecs.PubVp8Rtx, rtxPayload, false, Extensions(transportSequence++)));
                pendingRtx.RemoveAll(p => p.Due == due);
            }
        }

        return events;
    }

    private static (int, byte[])[] Extensions(ushort transportSequence) =>
        [(TestCodecs.PubMid, "1"u8.ToArray()), (TestCodecs.PubTransportCc, [(byte)(transportSequence >> 8), (byte)transportSequence])];
}
