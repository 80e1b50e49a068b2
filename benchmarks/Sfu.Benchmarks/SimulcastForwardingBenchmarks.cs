using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Benchmarks;

/// <summary>
/// The forwarding hot path with simulcast and the bandwidth allocator running, per forwarded packet. One publisher
/// sends a VP8 camera track in three layers (rids h/m/l, learned from the mid and rtp-stream-id extensions; 1280x720 in
/// 8 packets a frame, 640x360 in 2, 320x180 in 1, at 30 frames a second, interleaved), with 15-bit picture ids and
/// TL0PICIDX, and answers each PLI with a keyframe (carrying its size) at the layer's next frame. N subscribers
/// negotiated transport-wide-cc, NACK and RTX, so each transport has a send-side bandwidth estimator and a stream
/// allocator, and each receive stream keeps its packets once for all the down-tracks' retransmissions; each subscriber's sink SRTP-protects (AEAD_AES_128_GCM, default backend) what it is given, passes it through a
/// simulated link (20 ms, every fourth subscriber behind a 400 kbit/s bottleneck with a 250 ms tail-drop queue) and
/// answers with transport-wide-cc feedback every 50 ms and a receiver report every second. Half of the subscribers
/// keep a preference spread over the three layers; the other half rotate theirs every 2 s, so layer switches happen
/// all the time. <see cref="RoomRouter.Tick"/> runs every 15 ms. Time is a manual clock advanced 1/330 s per
/// publisher packet (the packet rate of this publisher, about 2.9 Mbit/s), so allocations (every 250 ms), probes,
/// reports and keyframe requests happen at their real rates. Everything (publisher packets that a down-track skips,
/// feedback, ticks, allocations, probe padding) is charged to the forwarded media packets: each invocation runs the
/// publisher until 1,000 media packets have been forwarded in all (carried over between invocations).
/// </summary>
[MemoryDiagnoser]
public partial class SimulcastForwardingBenchmarks
{
    private const int ForwardsPerInvoke = 1000;
    private const int FrameRate = 30;
    private const byte PublisherVp8 = 96;
    private const byte SubscriberVp8 = 120;
    private const int SubscriberTransportCcId = 5;
    private const int PubAbsSendTimeId = 2;
    private const int PubTransportCcId = 3;
    private const int PubMidId = 4;
    private const int PubRidId = 10;
    private const int PubVideoOrientationId = 13;

    /// <summary>One frame interval of the publisher: which layer (rid index: 0 = h, 1 = m, 2 = l) each packet is of.</summary>
    private static readonly int[] FrameSlots = [0, 2, 1, 0, 0, 1, 0, 0, 0, 0, 0];

    private static readonly long PacketTicks = TimeSpan.TicksPerSecond / FrameRate / FrameSlots.Length;
    private const int TickEvery = 5;              // 15 ms
    private const int FeedbackEvery = 17;         // 50 ms
    private const int ReportEvery = 330;          // 1 s
    private const int PreferenceFlipEvery = 660;  // 2 s
    private const int WarmUpPackets = 20 * 330;   // 20 s: first feedback, estimates ramped, layers settled

    private ManualClock _clock = null!;
    private RoomRouter _router = null!;
    private PublisherSink _publisher = null!;
    private LayerStream[] _layers = [];
    private SubscriberSink[] _subscribers = [];
    private DownTrack[] _downTracks = [];
    private ForwardCounter _counter = null!;
    private readonly byte[] _rtcp = new byte[1500];
    private long _packetIndex;
    private ushort _transportSequence;
    private long _target;
    private int _flips;

    [Params(1, 10, 100)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clock = new ManualClock();
        _router = new RoomRouter(_clock, new MediaMetrics());
        _counter = new ForwardCounter();
        _layers =
        [
            new LayerStream(0x1111_0001, "h", 1280, 720, 1100),
            new LayerStream(0x1111_0002, "m", 640, 360, 1000),
            new LayerStream(0x1111_0003, "l", 320, 180, 700),
        ];
        _publisher = new PublisherSink(_layers);
        var track = _router.AddPublishedTrack(_publisher, new PublishedTrackParameters
        {
            TrackId = "camera",
            Kind = MediaKind.Video,
            Mid = "1",
            Rids = ["h", "m", "l"],
            Codecs =
            [
                new NegotiatedCodec
                {
                    PayloadType = PublisherVp8,
                    MimeType = "video/VP8",
                    ClockRate = 90000,
                    Feedback = RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.Fir | RtcpFeedbackFlags.TransportCc,
                    RtxPayloadType = 97,
                },
            ],
            HeaderExtensions = new Dictionary<string, int>
            {
                [RtpHeaderExtensionUri.AbsSendTime] = PubAbsSendTimeId,
                [RtpHeaderExtensionUri.TransportWideCc] = PubTransportCcId,
                [RtpHeaderExtensionUri.Mid] = PubMidId,
                [RtpHeaderExtensionUri.RtpStreamId] = PubRidId,
                [RtpHeaderExtensionUri.RepairedRtpStreamId] = 11,
                [RtpHeaderExtensionUri.VideoOrientation] = PubVideoOrientationId,
            },
        });

        _subscribers = new SubscriberSink[N];
        _downTracks = new DownTrack[N];
        for (int i = 0; i < N; i++)
        {
            uint ssrc = 0xB000_0000 + (uint)i;
            _subscribers[i] = new SubscriberSink(_clock, _counter, 0x5EB0_0000 + (uint)i, ssrc, i % 4 == 3 ? 400_000 : 0);
            _downTracks[i] = _router.Subscribe(track, _subscribers[i], new DownTrackParameters
            {
                Ssrc = ssrc,
                RtxSsrc = 0xC000_0000 + (uint)i,
                Cname = "subscriber-" + i,
                Codecs =
                [
                    new NegotiatedCodec
                    {
                        PayloadType = SubscriberVp8,
                        MimeType = "video/VP8",
                        ClockRate = 90000,
                        Feedback = RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.TransportCc,
                        RtxPayloadType = 121,
                    },
                ],
                HeaderExtensions = new Dictionary<string, int>
                {
                    [RtpHeaderExtensionUri.Mid] = 9,
                    [RtpHeaderExtensionUri.AbsSendTime] = 12,
                    [RtpHeaderExtensionUri.TransportWideCc] = SubscriberTransportCcId,
                    [RtpHeaderExtensionUri.VideoOrientation] = 14,
                },
                Mid = "1",
            });
            _downTracks[i].SetPreferredLayers(PreferenceOf(i), null, null);
        }

        for (int i = 0; i < WarmUpPackets; i++)
        {
            Step();
        }

        Console.WriteLine("// after a 20 s warm-up: " + Summary());
        for (int i = 0; i < N; i++)
        {
            DownTrack downTrack = _downTracks[i];
            if (_subscribers[i].MediaPackets == 0 || downTrack.AllocatedLayer is null || downTrack.BandwidthEstimateBps is null)
            {
                throw new InvalidOperationException($"Subscriber {i} is not forwarding under an allocator: {_subscribers[i].MediaPackets} packets, allocated {downTrack.AllocatedLayer}.");
            }
        }

        _counter.Forwarded = 0;
        _target = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine("// at the end: " + Summary());
        foreach (var sink in _subscribers)
        {
            sink.Dispose();
        }

        _publisher.Dispose();
    }

    /// <summary>Publisher packets until 1,000 more media packets have been forwarded in all.</summary>
    [Benchmark(OperationsPerInvoke = ForwardsPerInvoke)]
    public long ForwardSimulcastWithAllocator()
    {
        _target += ForwardsPerInvoke;
        while (_counter.Forwarded < _target)
        {
            Step();
        }

        return _counter.Forwarded;
    }

    /// <summary>Subscriber <paramref name="i"/>'s preferred layer now: odd ones fixed, even ones rotating.</summary>
    private int PreferenceOf(int i) => i % 2 == 1 ? (i / 2) % 3 : ((i / 2) + _flips) % 3;

    /// <summary>One publisher packet, and whatever else is due at its time.</summary>
    private void Step()
    {
        _clock.Advance(PacketTicks);
        long index = _packetIndex++;
        int slot = (int)(index % FrameSlots.Length);
        LayerStream layer = _layers[FrameSlots[slot]];
        int length = layer.Next(index / FrameSlots.Length, _clock.Timestamp, _transportSequence++);
        RtpHeader.TryParse(layer.Buffer.AsSpan(0, length), out RtpHeader header);
        _router.OnRtp(_publisher, layer.Buffer, length, header);

        if (index % TickEvery == 0)
        {
            _router.Tick();
        }

        long nowUs = _clock.Timestamp / 10;
        for (int i = (int)(index % FeedbackEvery); i < _subscribers.Length; i += FeedbackEvery)
        {
            _subscribers[i].SendFeedback(_router, nowUs);
        }

        int report = (int)(index % ReportEvery);
        for (int i = report; i < _subscribers.Length; i += ReportEvery)
        {
            _subscribers[i].SendReceiverReport(_router);
        }

        if (report % 100 == 50 && report / 100 < _layers.Length)
        {
            LayerStream reported = _layers[report / 100];
            int srLength = reported.WriteSenderReport(_rtcp, _clock);
            _router.OnRtcp(_publisher, _rtcp.AsSpan(0, srLength));
        }

        if (index % PreferenceFlipEvery == PreferenceFlipEvery / 2)
        {
            _flips++;
            for (int i = 0; i < _downTracks.Length; i += 2)
            {
                _downTracks[i].SetPreferredLayers(PreferenceOf(i), null, null);
            }
        }
    }

    /// <summary>Where the down-tracks stand (setup and cleanup only: allocates).</summary>
    private string Summary()
    {
        var current = new int[4];
        var allocated = new int[4];
        long switches = 0;
        long media = 0;
        long padding = 0;
        long dropped = 0;
        long minEstimate = long.MaxValue;
        long maxEstimate = 0;
        long minOpenEstimate = long.MaxValue;
        int constrained = 0;
        int constrainedLow = 0;
        for (int i = 0; i < _downTracks.Length; i++)
        {
            DownTrack downTrack = _downTracks[i];
            current[downTrack.CurrentLayer + 1]++;
            allocated[(downTrack.AllocatedLayer ?? -1) + 1]++;
            switches += downTrack.LayerSwitches;
            media += _subscribers[i].MediaPackets;
            padding += _subscribers[i].PaddingPackets;
            dropped += _subscribers[i].LinkDrops;
            long estimate = downTrack.BandwidthEstimateBps ?? 0;
            minEstimate = Math.Min(minEstimate, estimate);
            maxEstimate = Math.Max(maxEstimate, estimate);
            if (i % 4 == 3)
            {
                constrained++;
                constrainedLow += downTrack.AllocatedLayer == 0 ? 1 : 0;
            }
            else
            {
                minOpenEstimate = Math.Min(minOpenEstimate, estimate);
            }
        }

        return $"{_packetIndex} publisher packets ({_packetIndex / 330} s), {media} media + {padding} padding packets forwarded, "
            + $"{switches} layer switches, {_publisher.KeyframeRequests} PLIs to the publisher, {dropped} dropped on the constrained links; "
            + $"forwarding none/l/m/h: {string.Join('/', current)}; allocated paused/l/m/h: {string.Join('/', allocated)}; "
            + $"estimates {minEstimate / 1000}-{maxEstimate / 1000} kbit/s ({minOpenEstimate / 1000} kbit/s or more unconstrained); "
            + $"{constrainedLow} of {constrained} constrained subscribers allocated the low layer";
    }

    /// <summary>The forwarded media packets of all subscribers.</summary>
    private sealed class ForwardCounter
    {
        public long Forwarded { get; set; }
    }

    /// <summary>A clock moved by the benchmark: 100 ns ticks, wall-clock time moving with them.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public long Timestamp { get; private set; } = TimeSpan.TicksPerHour;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Timestamp;

        public override DateTimeOffset GetUtcNow() => Start.AddTicks(Timestamp);

        public void Advance(long ticks) => Timestamp += ticks;
    }

    /// <summary>One simulcast layer of the publisher: one packet buffer rewritten in place for every packet.</summary>
    private sealed class LayerStream
    {
        private const int DescriptorLength = 5; // X=1; I (15-bit picture id) and L (TL0PICIDX)

        private readonly int _width;
        private readonly int _height;
        private readonly int _payloadOffset;
        private readonly int _absSendTimeOffset;
        private readonly int _transportCcOffset;
        private readonly int _packetsPerFrame;
        private readonly uint _timestampBase;
        private ushort _sequenceNumber;
        private ushort _pictureId;
        private byte _tl0PicIdx;
        private int _packetInFrame;
        private long _frame = -1;

        public LayerStream(uint ssrc, string rid, int width, int height, int payloadLength)
        {
            Ssrc = ssrc;
            _width = width;
            _height = height;
            _packetsPerFrame = Array.FindAll(FrameSlots, s => s == "hml".IndexOf(rid, StringComparison.Ordinal)).Length;
            _timestampBase = (uint)Random.Shared.Next();
            _sequenceNumber = (ushort)Random.Shared.Next(0, 0x10000);
            _pictureId = (ushort)Random.Shared.Next(0, 0x8000);
            Buffer = new byte[1500];
            int length = RtpPacketWriter.WriteHeader(Buffer, PublisherVp8, _sequenceNumber, _timestampBase, ssrc);
            var writer = new RtpHeaderExtensionWriter(Buffer.AsSpan(length));
            writer.Add(PubMidId, "1"u8);
            writer.Add(PubRidId, System.Text.Encoding.ASCII.GetBytes(rid));
            writer.Add(PubAbsSendTimeId, [0, 0, 0]);
            writer.Add(PubTransportCcId, [0, 0]);
            writer.Add(PubVideoOrientationId, [0]);
            length += writer.Finish();
            RtpPacketWriter.SetExtension(Buffer, true);
            _payloadOffset = length;
            Length = length + payloadLength;
            new Random(width).NextBytes(Buffer.AsSpan(_payloadOffset, payloadLength));
            RtpHeader.TryParse(Buffer.AsSpan(0, Length), out RtpHeader header);
            foreach (RtpHeaderExtension element in RtpHeaderExtensions.Enumerate(Buffer.AsSpan(0, Length), header))
            {
                if (element.Id == PubAbsSendTimeId)
                {
                    _absSendTimeOffset = element.ValueOffset;
                }
                else if (element.Id == PubTransportCcId)
                {
                    _transportCcOffset = element.ValueOffset;
                }
            }
        }

        public uint Ssrc { get; }

        public byte[] Buffer { get; }

        public int Length { get; }

        /// <summary>Set by a PLI: the layer's next frame is a keyframe.</summary>
        public bool KeyframeRequested { get; set; }

        /// <summary>The layer's next packet of frame <paramref name="frame"/>: header fields, extensions, VP8 descriptor.</summary>
        public int Next(long frame, long now, ushort transportSequence)
        {
            Span<byte> packet = Buffer;
            Span<byte> payload = packet.Slice(_payloadOffset);
            bool start = frame != _frame;
            if (start)
            {
                _frame = frame;
                _packetInFrame = 0;
                _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
                _tl0PicIdx++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), _sequenceNumber++);
            BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4), _timestampBase + (uint)(frame * (90_000 / FrameRate)));
            RtpPacketWriter.SetMarker(packet, ++_packetInFrame == _packetsPerFrame);
            uint absSendTime = RtpClock.AbsSendTime(now, TimeSpan.TicksPerSecond);
            packet[_absSendTimeOffset] = (byte)(absSendTime >> 16);
            packet[_absSendTimeOffset + 1] = (byte)(absSendTime >> 8);
            packet[_absSendTimeOffset + 2] = (byte)absSendTime;
            BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(_transportCcOffset), transportSequence);

            payload[0] = (byte)(start ? 0x90 : 0x80); // X, S on the frame's first packet, PID 0
            payload[1] = 0xC0;                        // I, L
            BinaryPrimitives.WriteUInt16BigEndian(payload.Slice(2), (ushort)(0x8000 | _pictureId));
            payload[4] = _tl0PicIdx;
            if (start)
            {
                Span<byte> frameHeader = payload.Slice(DescriptorLength);
                bool keyframe = KeyframeRequested;
                KeyframeRequested = false;
                frameHeader[0] = (byte)(keyframe ? 0x10 : 0x11); // show_frame, version 0, P = 0 for a key frame
                if (keyframe)
                {
                    frameHeader[3] = 0x9D;
                    frameHeader[4] = 0x01;
                    frameHeader[5] = 0x2A;
                    BinaryPrimitives.WriteUInt16LittleEndian(frameHeader.Slice(6), (ushort)_width);
                    BinaryPrimitives.WriteUInt16LittleEndian(frameHeader.Slice(8), (ushort)_height);
                }
            }

            return Length;
        }

        /// <summary>An SR for the layer now, its RTP timestamp following the frame clock.</summary>
        public int WriteSenderReport(Span<byte> destination, ManualClock clock)
        {
            long elapsed = clock.Timestamp - TimeSpan.TicksPerHour;
            uint rtp = _timestampBase + (uint)(elapsed * 90_000 / TimeSpan.TicksPerSecond);
            return SenderReport.Write(destination, Ssrc, RtpClock.NtpNow(clock), rtp, 0, 0);
        }
    }
}
