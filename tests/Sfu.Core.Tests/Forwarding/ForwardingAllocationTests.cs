using System.Buffers.Binary;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Forwarding;

[Collection(AllocationCollection.Name)]
public class ForwardingAllocationTests
{
    private const int Subscribers = 10;
    private const uint HighSsrc = 0x100;
    private const uint LowSsrc = 0x300;
    private const uint AudioSsrc = 0x400;

    [Fact]
    public void ForwardingToTenSubscribersWithRtcpAndTicksAllocatesNothing()
    {
        var time = new ManualTimeProvider();
        using var metrics = new MediaMetrics();
        var router = new RoomRouter(time, metrics);
        var publisher = new CountingSink();
        var video = router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "video",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs = TestCodecs.PublisherVideo,
            HeaderExtensions = TestCodecs.PublisherExtensions,
            Rids = ["h", "l"],
        });
        var audio = router.AddPublishedTrack(publisher, new PublishedTrackParameters
        {
            TrackId = "audio",
            Kind = MediaKind.Audio,
            Mid = "0",
            Codecs = TestCodecs.PublisherAudio,
            HeaderExtensions = TestCodecs.PublisherExtensions,
        });
        var sinks = new CountingSink[Subscribers];
        var subscriberRtcp = new byte[Subscribers][];
        for (int i = 0; i < Subscribers; i++)
        {
            sinks[i] = new CountingSink();
            uint videoSsrc = 0xB000 + (uint)i;
            router.Subscribe(video, sinks[i], new DownTrackParameters { Ssrc = videoSsrc, Cname = "c" + i, Codecs = TestCodecs.SubscriberVideo, HeaderExtensions = TestCodecs.SubscriberExtensions, Mid = "1" });
            router.Subscribe(audio, sinks[i], new DownTrackParameters { Ssrc = 0xA000 + (uint)i, Cname = "c" + i, Codecs = TestCodecs.SubscriberAudio, HeaderExtensions = TestCodecs.SubscriberExtensions, Mid = "0" });
            subscriberRtcp[i] = RtpPackets.Concat(
                RtpPackets.ReceiverReport(0x5EB, new ReportBlock(videoSsrc, 0, 0, 1, 0, 0, 0), new ReportBlock(0xA000 + (uint)i, 0, 0, 1, 0, 0, 0)),
                RtpPackets.Pli(0x5EB, videoSsrc));
        }

        var streams = new Streams();
        byte[] senderReport = RtpPackets.SenderReport(HighSsrc, 0xE000_0000_0000_0000, 1234);

        long checksum = Run(router, time, publisher, sinks, streams, subscriberRtcp, senderReport, 700); // warm up: JIT, first SSRCs learned, estimator histories grown to 2 s of packets
        long allocated = AllocationMeter.Measure(() => checksum += Run(router, time, publisher, sinks, streams, subscriberRtcp, senderReport, 1_000));

        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
        Assert.All(sinks, s => Assert.True(s.RtpPackets > 600, $"only {s.RtpPackets} packets reached a subscriber"));
        Assert.All(sinks, s => Assert.True(s.RtcpPackets >= 6, $"{s.RtcpPackets} RTCP compounds")); // one a second for both down-tracks, 6.5 s
        Assert.True(publisher.RtcpPackets > 10);
        Assert.Equal(1, video.DownTracks[0].CurrentLayer); // the top of two layers
    }

    private static long Run(RoomRouter router, ManualTimeProvider time, CountingSink publisher, CountingSink[] sinks, Streams streams, byte[][] subscriberRtcp, byte[] senderReport, int packets)
    {
        long checksum = 0;
        for (int i = 0; i < packets; i++)
        {
            time.AdvanceMilliseconds(5);
            switch (i % 4)
            {
                case 0:
                    checksum += Send(router, publisher, streams.Audio, streams.NextAudio());
                    break;
                case 1:
                    checksum += Send(router, publisher, streams.Low, streams.NextLow());
                    break;
                default:
                    checksum += Send(router, publisher, streams.High, streams.NextHigh());
                    break;
            }

            if (i % 20 == 0)
            {
                router.Tick();
            }

            if (i % 100 == 50)
            {
                router.OnRtcp(sinks[i % Subscribers], subscriberRtcp[i % Subscribers]);
                router.OnRtcp(publisher, senderReport);
            }
        }

        return checksum;
    }

    private static long Send(RoomRouter router, CountingSink publisher, byte[] packet, int length)
    {
        if (RtpHeader.TryParse(packet.AsSpan(0, length), out RtpHeader header) != RtpParseError.None)
        {
            return -1_000_000;
        }

        router.OnRtp(publisher, packet, length, header);
        return header.SequenceNumber;
    }

    /// <summary>Three publisher streams, each one reusable buffer whose sequence number and timestamp are advanced in place.</summary>
    private sealed class Streams
    {
        private int _highCount;
        private int _lowCount;

        public Streams()
        {
            (int, byte[])[] videoExtensions = [(TestCodecs.PubMid, "1"u8.ToArray()), (TestCodecs.PubAbsSendTime, [0, 0, 1]), (TestCodecs.PubTransportCc, [0, 1]), (TestCodecs.PubVideoOrientation, [0])];
            High = RtpPackets.Build(HighSsrc, 1, 0, TestCodecs.PubVp8, RtpPackets.Vp8Keyframe(size: 1100), true, [.. videoExtensions, (TestCodecs.PubRid, "h"u8.ToArray())]);
            Low = RtpPackets.Build(LowSsrc, 1, 0, TestCodecs.PubVp8, RtpPackets.Vp8Keyframe(size: 300), true, [.. videoExtensions, (TestCodecs.PubRid, "l"u8.ToArray())]);
            Audio = RtpPackets.Build(AudioSsrc, 1, 0, TestCodecs.PubOpus, RtpPackets.Opus(size: 100), false, [(TestCodecs.PubMid, "0"u8.ToArray()), (TestCodecs.PubAudioLevel, [0x90])]);
        }

        public byte[] High { get; }

        public byte[] Low { get; }

        public byte[] Audio { get; }

        public int NextHigh() => Advance(High, ref _highCount, 1500);

        public int NextLow() => Advance(Low, ref _lowCount, 3000);

        public int NextAudio()
        {
            int count = 0;
            return Advance(Audio, ref count, 960);
        }

        /// <summary>Next sequence number and timestamp; every 50th packet of a video layer is a keyframe, the rest deltas.</summary>
        private static int Advance(byte[] packet, ref int count, uint step)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)) + 1));
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)) + step);
            if (packet[1] == (0x80 | TestCodecs.PubVp8))
            {
                RtpHeader.TryParse(packet, out var header);
                packet[header.PayloadOffset + 1] = (byte)(count++ % 50 == 0 ? 0x00 : 0x01);
            }

            return packet.Length;
        }
    }
}
