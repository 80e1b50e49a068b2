using System.Buffers.Binary;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;
using Sfu.Core.Transport;

namespace Sfu.Benchmarks;

/// <summary>The publisher's and the subscribers' transports of <see cref="SimulcastForwardingBenchmarks"/>.</summary>
public partial class SimulcastForwardingBenchmarks
{
    /// <summary>The publisher's transport: turns PLIs into keyframes at the layer's next frame; protects all RTCP.</summary>
    private sealed class PublisherSink : IRtpPacketSink, IDisposable
    {
        private readonly LayerStream[] _layers;
        private readonly SrtpContext _srtp = NewContext();

        public PublisherSink(LayerStream[] layers) => _layers = layers;

        public long KeyframeRequests { get; private set; }

        public bool SendRtp(Span<byte> buffer, int length) => _srtp.ProtectRtp(buffer, length, out _) == SrtpError.Ok;

        public bool SendRtcp(Span<byte> buffer, int length)
        {
            var reader = new RtcpCompoundReader(buffer.Slice(0, length));
            while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> rtcp))
            {
                if (header.PacketType == RtcpPacketType.PayloadFeedback
                    && header.Format == (int)PayloadFeedbackFormat.PictureLossIndication
                    && PictureLossIndication.TryParse(rtcp, out PictureLossIndication pli) == RtcpParseError.None)
                {
                    foreach (LayerStream layer in _layers)
                    {
                        if (layer.Ssrc == pli.MediaSsrc)
                        {
                            layer.KeyframeRequested = true;
                            KeyframeRequests++;
                        }
                    }
                }
            }

            return _srtp.ProtectRtcp(buffer, length, out _) == SrtpError.Ok;
        }

        public void Dispose() => _srtp.Dispose();
    }

    /// <summary>
    /// A subscriber's transport: SRTP-protects into the router's buffer (stops short of the socket), sends the packet
    /// over a simulated link and gives the router transport-wide-cc feedback about what arrived, and receiver reports.
    /// </summary>
    private sealed class SubscriberSink : IRtpPacketSink, IDisposable
    {
        private const long BaseDelayUs = 20_000;
        private const long MaxQueueUs = 250_000;
        private const int InFlightCapacity = 1024;
        private const int UdpIpOverhead = 28;

        private readonly SrtpContext _srtp = NewContext();
        private readonly ManualClock _clock;
        private readonly ForwardCounter _counter;
        private readonly uint _ssrc;
        private readonly uint _mediaSsrc;
        private readonly long _linkBps;
        private readonly TransportCcRecorder _recorder = new();
        private readonly ushort[] _inFlightSequence = new ushort[InFlightCapacity];
        private readonly long[] _inFlightArrival = new long[InFlightCapacity];
        private readonly byte[] _rtcp = new byte[1500];
        private int _inFlightHead;
        private int _inFlightCount;
        private long _linkFreeUs;

        public SubscriberSink(ManualClock clock, ForwardCounter counter, uint ssrc, uint mediaSsrc, long linkBps)
        {
            _clock = clock;
            _counter = counter;
            _ssrc = ssrc;
            _mediaSsrc = mediaSsrc;
            _linkBps = linkBps;
        }

        public long MediaPackets { get; private set; }

        public long PaddingPackets { get; private set; }

        public long LinkDrops { get; private set; }

        public bool SendRtp(Span<byte> buffer, int length)
        {
            if (RtpHeader.TryParse(buffer.Slice(0, length), out RtpHeader header) != RtpParseError.None
                || !RtpHeaderExtensions.TryFind(buffer.Slice(0, length), header, SubscriberTransportCcId, out ReadOnlySpan<byte> value)
                || value.Length != 2)
            {
                return false;
            }

            ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(value);
            if (_srtp.ProtectRtp(buffer, length, out int protectedLength) != SrtpError.Ok)
            {
                return false;
            }

            if (header.PayloadType == SubscriberVp8)
            {
                MediaPackets++;
                _counter.Forwarded++;
            }
            else
            {
                PaddingPackets++;
            }

            long nowUs = _clock.Timestamp / 10;
            long arrival = nowUs + BaseDelayUs;
            if (_linkBps > 0)
            {
                long start = Math.Max(nowUs, _linkFreeUs);
                if (start - nowUs > MaxQueueUs)
                {
                    LinkDrops++;
                    return true; // sent, lost on the way
                }

                _linkFreeUs = start + ((protectedLength + UdpIpOverhead) * 8L * 1_000_000 / _linkBps);
                arrival = _linkFreeUs + BaseDelayUs;
            }

            if (_inFlightCount == InFlightCapacity)
            {
                _inFlightHead = (_inFlightHead + 1) % InFlightCapacity; // never reported: lost
                _inFlightCount--;
            }

            int tail = (_inFlightHead + _inFlightCount) % InFlightCapacity;
            _inFlightSequence[tail] = sequence;
            _inFlightArrival[tail] = arrival;
            _inFlightCount++;
            return true;
        }

        public bool SendRtcp(Span<byte> buffer, int length) => _srtp.ProtectRtcp(buffer, length, out _) == SrtpError.Ok;

        /// <summary>Transport-wide-cc feedback for what has arrived by now.</summary>
        public void SendFeedback(RoomRouter router, long nowUs)
        {
            while (_inFlightCount > 0 && _inFlightArrival[_inFlightHead] <= nowUs)
            {
                _recorder.OnPacket(_inFlightSequence[_inFlightHead], _inFlightArrival[_inFlightHead]);
                _inFlightHead = (_inFlightHead + 1) % InFlightCapacity;
                _inFlightCount--;
            }

            if (_recorder.PendingCount > 0)
            {
                int length = _recorder.WriteFeedback(_rtcp, _ssrc, _mediaSsrc);
                router.OnRtcp(this, _rtcp.AsSpan(0, length));
            }
        }

        public void SendReceiverReport(RoomRouter router)
        {
            var block = new ReportBlock(_mediaSsrc, 0, 0, (uint)MediaPackets, 10, 0, 0);
            int length = ReceiverReport.Write(_rtcp, _ssrc, new ReadOnlySpan<ReportBlock>(in block));
            router.OnRtcp(this, _rtcp.AsSpan(0, length));
        }

        public void Dispose() => _srtp.Dispose();
    }

    private static SrtpContext NewContext()
    {
        byte[] key = new byte[SrtpProfile.AeadAes128Gcm.MasterKeyLength()];
        byte[] salt = new byte[SrtpProfile.AeadAes128Gcm.MasterSaltLength()];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        return new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt);
    }
}
