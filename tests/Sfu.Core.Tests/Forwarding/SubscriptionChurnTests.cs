using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Srtp;
using Sfu.Core.Transport;
using Xunit.Abstractions;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// One subscriber through 300 tracks subscribed and ended in turn (unsubscribed, or the track removed), behind a real
/// SRTP context whose SSRC cap is far below the 600 SSRCs used over time: every track's packets (and a retransmission
/// on its RTX SSRC) get through, the SRTP state holds only the live down-tracks' SSRCs, and the subscriber's memory
/// does not grow with the number of tracks it has seen.
/// </summary>
[Collection(AllocationCollection.Name)]
public class SubscriptionChurnTests(ITestOutputHelper output)
{
    private const int Tracks = 300;
    private const int Live = 8;
    private const int SsrcCap = 64;
    private const int PacketsPerTrack = 10;

    [Fact]
    public void ThreeHundredTracksInTurnKeepTheSrtpStateAndTheSubscribersMemoryBounded()
    {
        using var h = new ForwardingHarness();
        using var subscriber = new SrtpSink(SsrcCap);
        var publisher = new RecordingSink("p");
        var live = new Queue<(PublishedTrack Track, DownTrack Down, StreamGenerator Camera)>();
        long memoryAfterWarmUp = 0;
        for (int i = 0; i < Tracks; i++)
        {
            var track = h.PublishVideo(publisher, "v" + i, "m" + i);
            var down = h.Router.Subscribe(track, subscriber, new DownTrackParameters
            {
                Ssrc = 0x1_0000 + (uint)(2 * i),
                RtxSsrc = 0x1_0000 + (uint)(2 * i) + 1,
                Cname = "c",
                Codecs = TestCodecs.SubscriberVideo,
                HeaderExtensions = TestCodecs.SubscriberExtensions,
                Mid = "m" + i,
            });
            live.Enqueue((track, down, new StreamGenerator(0x5000_0000 + (uint)i, TestCodecs.PubVp8, "m" + i)));

            // Every live track forwards a packet; the newest one its whole burst, then one retransmission on RTX.
            foreach (var (_, _, camera) in live)
            {
                h.Time.AdvanceMilliseconds(5);
                h.Send(publisher, camera.SequenceNumber == 1000 ? camera.Next(RtpPackets.Vp8Keyframe()) : camera.Next(RtpPackets.Vp8Delta()));
            }

            var newest = live.Last();
            for (int p = 1; p < PacketsPerTrack; p++)
            {
                h.Send(publisher, newest.Camera.Next(RtpPackets.Vp8Delta()));
            }

            h.SendRtcp(subscriber, Nack(down.Ssrc, subscriber.LastSequenceNumber(down.Ssrc)));
            h.Time.AdvanceMilliseconds(100);
            h.Router.Tick();
            Assert.Equal(1, down.RetransmissionsSent);
            Assert.Equal(0, down.SendFailures);

            if (live.Count > Live)
            {
                var (oldTrack, oldDown, _) = live.Dequeue();
                if (i % 2 == 0)
                {
                    h.Router.Unsubscribe(oldDown);
                    h.Router.RemovePublishedTrack(oldTrack);
                }
                else
                {
                    h.Router.RemovePublishedTrack(oldTrack); // closes the down-track with it
                }

                Assert.True(oldDown.IsClosed);
                Assert.True(oldDown.PacketsSent >= PacketsPerTrack, $"track {oldTrack.TrackId}: {oldDown.PacketsSent} packets");
            }

            Assert.InRange(subscriber.Srtp.SsrcCount, 1, 2 * live.Count);
            if (i == 60)
            {
                memoryAfterWarmUp = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        long growth = GC.GetTotalMemory(forceFullCollection: true) - memoryAfterWarmUp;
        output.WriteLine($"heap growth over the last {Tracks - 61} tracks: {growth} bytes; SRTP SSRCs {subscriber.Srtp.SsrcCount}, retired {subscriber.Srtp.RetiredSsrcCount}");
        GC.KeepAlive(h);
        Assert.Equal(Live, h.Router.DownTracks.Count);
        Assert.Equal(Live, h.Router.DownTracks[0].Endpoint.DownTracks.Count);
        Assert.Equal(16, h.Router.DownTracks[0].Endpoint.Bandwidth!.Allocator.Capacity);
        Assert.Equal(0, subscriber.Refused);
        Assert.True(growth < 256 * 1024, $"the heap grew {growth} bytes over {Tracks - 61} subscriptions");
        Assert.Equal(2 * Tracks, subscriber.SsrcsSeen);
    }

    private static byte[] Nack(uint mediaSsrc, ushort sequenceNumber)
    {
        var buffer = new byte[GenericNack.GetLength([sequenceNumber])];
        GenericNack.Write(buffer, 0x5EB, mediaSsrc, [sequenceNumber]);
        return buffer;
    }

    /// <summary>A subscriber transport that protects with a real SRTP context (capped) and releases SSRCs into it.</summary>
    private sealed class SrtpSink : IRtpPacketSink, IDisposable
    {
        private readonly Dictionary<uint, ushort> _lastSequence = [];

        public SrtpSink(int maxSsrcs)
        {
            byte[] key = new byte[SrtpProfile.AeadAes128Gcm.MasterKeyLength()];
            byte[] salt = new byte[SrtpProfile.AeadAes128Gcm.MasterSaltLength()];
            Random.Shared.NextBytes(key);
            Srtp = new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt, maxSsrcCount: maxSsrcs);
        }

        public SrtpContext Srtp { get; }

        /// <summary>Packets the context refused.</summary>
        public int Refused { get; private set; }

        /// <summary>Distinct SSRCs protected over the run.</summary>
        public int SsrcsSeen => _lastSequence.Count;

        public ushort LastSequenceNumber(uint ssrc) => _lastSequence[ssrc];

        public bool SendRtp(Span<byte> buffer, int length)
        {
            uint ssrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(buffer.Slice(8));
            ushort sequence = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2));
            if (Srtp.ProtectRtp(buffer, length, out _) != SrtpError.Ok)
            {
                Refused++;
                return false;
            }

            _lastSequence[ssrc] = sequence;
            return true;
        }

        public bool SendRtcp(Span<byte> buffer, int length) => Srtp.ProtectRtcp(buffer, length, out _) == SrtpError.Ok;

        public void ReleaseSendingSsrc(uint ssrc) => Srtp.RemoveSsrc(ssrc);

        public void Dispose() => Srtp.Dispose();
    }
}
