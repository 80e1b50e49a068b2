using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Diagnostics;
using Sfu.Core.Forwarding;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Srtp;
using Sfu.Core.Transport;

namespace Sfu.Benchmarks;

/// <summary>
/// The forwarding hot path per forwarded packet: one publisher packet (1,200-byte VP8 payload with mid, abs-send-time,
/// transport-wide-cc and video-orientation extensions) through <see cref="RoomRouter.OnRtp"/> to N down-tracks, each
/// rewritten (new header, subscriber extension ids) and SRTP-protected (AEAD_AES_128_GCM, default backend) by its
/// subscriber's own context, not sent. Every invocation forwards 100 packets in all (100/N publisher packets), so the
/// reported time is per forwarded packet.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private const int ForwardsPerInvoke = 100;
    private const uint PublisherSsrc = 0x1234_5678;
    private const int PayloadLength = 1200;

    private RoomRouter _router = null!;
    private IRtpPacketSink _publisher = null!;
    private ProtectingSink[] _subscribers = [];
    private byte[] _packet = [];
    private int _length;

    [Params(1, 10, 100)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _router = new RoomRouter(TimeProvider.System, new MediaMetrics());
        _publisher = new ProtectingSink();
        var extensions = new Dictionary<string, int>
        {
            [RtpHeaderExtensionUri.Mid] = 4,
            [RtpHeaderExtensionUri.AbsSendTime] = 2,
            [RtpHeaderExtensionUri.TransportWideCc] = 3,
            [RtpHeaderExtensionUri.VideoOrientation] = 13,
        };
        var vp8 = new NegotiatedCodec
        {
            PayloadType = 96,
            MimeType = "video/VP8",
            ClockRate = 90000,
            Feedback = RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.TransportCc,
            RtxPayloadType = 97,
        };
        var track = _router.AddPublishedTrack(_publisher, new PublishedTrackParameters
        {
            TrackId = "video",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs = [vp8],
            HeaderExtensions = extensions,
        });

        _subscribers = new ProtectingSink[N];
        for (int i = 0; i < N; i++)
        {
            _subscribers[i] = new ProtectingSink();
            _router.Subscribe(track, _subscribers[i], new DownTrackParameters
            {
                Ssrc = 0xB000_0000 + (uint)i,
                Cname = "subscriber-" + i,
                Codecs = [new NegotiatedCodec { PayloadType = 120, MimeType = "video/VP8", ClockRate = 90000, RtxPayloadType = 121 }],
                HeaderExtensions = new Dictionary<string, int>
                {
                    [RtpHeaderExtensionUri.Mid] = 9,
                    [RtpHeaderExtensionUri.AbsSendTime] = 12,
                    [RtpHeaderExtensionUri.TransportWideCc] = 5,
                    [RtpHeaderExtensionUri.VideoOrientation] = 14,
                },
                Mid = "1",
            });
        }

        // A keyframe first so every down-track forwards; the measured packets are deltas.
        _packet = new byte[1500];
        int length = RtpPacketWriter.WriteHeader(_packet, 96, 1000, 90_000, PublisherSsrc, marker: true);
        var writer = new RtpHeaderExtensionWriter(_packet.AsSpan(length));
        writer.Add(4, "1"u8);
        writer.Add(2, [0x01, 0x02, 0x03]);
        writer.Add(3, [0x00, 0x01]);
        writer.Add(13, [0x00]);
        length += writer.Finish();
        RtpPacketWriter.SetExtension(_packet, true);
        int payloadOffset = length;
        new Random(1).NextBytes(_packet.AsSpan(payloadOffset, PayloadLength));
        _packet[payloadOffset] = 0x10;     // VP8 descriptor: S=1, PID=0
        _packet[payloadOffset + 1] = 0x00; // P=0: key frame
        _length = payloadOffset + PayloadLength;
        SendOne();
        _packet[payloadOffset + 1] = 0x01; // from now on inter frames
        for (int i = 0; i < N; i++)
        {
            if (_subscribers[i].Packets != 1)
            {
                throw new InvalidOperationException("A down-track did not forward the keyframe.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var sink in _subscribers)
        {
            sink.Dispose();
        }

        ((ProtectingSink)_publisher).Dispose();
    }

    /// <summary>100/N publisher packets, each to N down-tracks: 100 forwarded packets.</summary>
    [Benchmark(OperationsPerInvoke = ForwardsPerInvoke)]
    public int ForwardAndProtect()
    {
        int packets = ForwardsPerInvoke / N;
        for (int i = 0; i < packets; i++)
        {
            SendOne();
        }

        return _subscribers[0].LastLength;
    }

    private void SendOne()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_packet.AsSpan(2)) + 1));
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(4)) + 3000);
        RtpHeader.TryParse(_packet.AsSpan(0, _length), out RtpHeader header);
        _router.OnRtp(_publisher, _packet, _length, header);
    }

    /// <summary>A subscriber transport that SRTP-protects into the router's buffer and stops short of the socket.</summary>
    private sealed class ProtectingSink : IRtpPacketSink, IDisposable
    {
        private readonly SrtpContext _srtp;

        public ProtectingSink()
        {
            byte[] key = new byte[SrtpProfile.AeadAes128Gcm.MasterKeyLength()];
            byte[] salt = new byte[SrtpProfile.AeadAes128Gcm.MasterSaltLength()];
            Random.Shared.NextBytes(key);
            Random.Shared.NextBytes(salt);
            _srtp = new SrtpContext(SrtpProfile.AeadAes128Gcm, key, salt);
        }

        public long Packets { get; private set; }

        public int LastLength { get; private set; }

        public bool SendRtp(Span<byte> buffer, int length)
        {
            if (_srtp.ProtectRtp(buffer, length, out int protectedLength) != SrtpError.Ok)
            {
                return false;
            }

            LastLength = protectedLength;
            Packets++;
            return true;
        }

        public bool SendRtcp(Span<byte> buffer, int length) =>
            _srtp.ProtectRtcp(buffer, length, out _) == SrtpError.Ok;

        public void Dispose() => _srtp.Dispose();
    }
}
