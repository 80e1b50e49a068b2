using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Forwarding;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Srtp;
using Sfu.Core.Transport;

namespace Sfu.Benchmarks;

/// <summary>
/// The fan-out of <see cref="FanOutBenchmarks"/> with the send: one publisher packet (1,200-byte VP8 payload)
/// through <see cref="RoomRouter.OnRtp"/> to N down-tracks, each subscriber a real <see cref="WebRtcTransport"/> on
/// a real <see cref="MediaWorker"/> (connected with SRTP keys set directly, AEAD_AES_128_GCM, no handshake), sending
/// to its own UDP socket on 127.0.0.1 that nobody reads. It runs on the worker thread and the worker's batch is
/// flushed after each publisher packet, as the worker does after each received datagram. <c>Batched</c> = false is
/// the portable sender: the same batch, then one <c>Socket.SendTo</c> per datagram. Every invocation forwards 1,000
/// packets in all (1,000/N publisher packets); <b>Mean is per forwarded packet, send included</b>.
/// </summary>
[MemoryDiagnoser]
public class FanOutSendBenchmarks
{
    private const int ForwardsPerInvoke = 1000;
    private const uint PublisherSsrc = 0x1234_5678;
    private const int PayloadLength = 1200;

    private MediaMetrics _metrics = null!;
    private MediaEngine _engine = null!;
    private MediaWorker _worker = null!;
    private RoomRouter _router = null!;
    private WebRtcTransport _publisher = null!;
    private LoopbackReceivers _receivers = null!;
    private byte[] _packet = [];
    private int _length;

    [Params(1, 10, 100)]
    public int N { get; set; }

    [Params(false, true)]
    public bool Batched { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new MediaMetrics();
        _engine = new MediaEngine(
            new MediaOptions { Port = 0, Workers = 1, ListenAddress = "127.0.0.1", BatchedSends = Batched },
            NullLoggerFactory.Instance,
            _metrics);
        _engine.Start();
        _worker = _engine.Workers[0];
        _receivers = new LoopbackReceivers(N + 1, drained: false);
        _worker.InvokeAsync(SetUpRoom).GetAwaiter().GetResult();
        long sent = _worker.DatagramsSent;
        _worker.InvokeAsync(() =>
        {
            SendOne();
            return 0;
        }).GetAwaiter().GetResult();
        _packet[_length - PayloadLength + 1] = 0x01; // from now on inter frames
        _worker.InvokeAsync(() => 0).GetAwaiter().GetResult();
        if (_worker.DatagramsSent - sent != N)
        {
            throw new InvalidOperationException($"The keyframe reached {_worker.DatagramsSent - sent} of {N} subscribers.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _receivers.Dispose();
        _metrics.Dispose();
    }

    /// <summary>1,000/N publisher packets, each to N down-tracks, on the worker thread.</summary>
    [Benchmark(OperationsPerInvoke = ForwardsPerInvoke)]
    public long ForwardProtectAndSend() => _worker.InvokeAsync(() =>
    {
        int packets = ForwardsPerInvoke / N;
        for (int i = 0; i < packets; i++)
        {
            SendOne();
        }

        return _worker.DatagramsSent;
    }).GetAwaiter().GetResult();

    private int SetUpRoom()
    {
        _router = new RoomRouter(TimeProvider.System, _metrics);
        _publisher = Connect(_receivers.Addresses[N]);
        var track = _router.AddPublishedTrack(_publisher, new PublishedTrackParameters
        {
            TrackId = "video",
            Kind = MediaKind.Video,
            Mid = "1",
            Codecs =
            [
                new NegotiatedCodec
                {
                    PayloadType = 96,
                    MimeType = "video/VP8",
                    ClockRate = 90000,
                    Feedback = RtcpFeedbackFlags.Nack | RtcpFeedbackFlags.Pli | RtcpFeedbackFlags.TransportCc,
                    RtxPayloadType = 97,
                },
            ],
            HeaderExtensions = new Dictionary<string, int>
            {
                [RtpHeaderExtensionUri.Mid] = 4,
                [RtpHeaderExtensionUri.AbsSendTime] = 2,
                [RtpHeaderExtensionUri.TransportWideCc] = 3,
                [RtpHeaderExtensionUri.VideoOrientation] = 13,
            },
        });

        for (int i = 0; i < N; i++)
        {
            _router.Subscribe(track, Connect(_receivers.Addresses[i]), new DownTrackParameters
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

        _packet = new byte[1500];
        int length = RtpPacketWriter.WriteHeader(_packet, 96, 1000, 90_000, PublisherSsrc, marker: true);
        var writer = new RtpHeaderExtensionWriter(_packet.AsSpan(length));
        writer.Add(4, "1"u8);
        writer.Add(2, [0x01, 0x02, 0x03]);
        writer.Add(3, [0x00, 0x01]);
        writer.Add(13, [0x00]);
        length += writer.Finish();
        RtpPacketWriter.SetExtension(_packet, true);
        new Random(1).NextBytes(_packet.AsSpan(length, PayloadLength));
        _packet[length] = 0x10;     // VP8 descriptor: S=1, PID=0
        _packet[length + 1] = 0x00; // P=0: key frame
        _length = length + PayloadLength;
        return 0;
    }

    /// <summary>A subscriber transport, Connected with SRTP keys and a remote address, without ICE or DTLS on the wire.</summary>
    private WebRtcTransport Connect(System.Net.SocketAddress remote)
    {
        var transport = _worker.CreateTransport(new WebRtcTransportOptions { LocalIce = IceCredentials.Generate() }, NullTransportListener.Instance);
        transport.HandleDtls([22, 0xFE, 0xFD], remote, 0);
        var key = new byte[16];
        var salt = new byte[12];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        ((IDtlsTransportListener)transport).OnDtlsConnected(new SrtpKeyingMaterial(SrtpProfile.AeadAes128Gcm, key, salt, key, salt));
        return transport;
    }

    /// <summary>One publisher packet through the router, then the flush the worker does after each received datagram.</summary>
    private void SendOne()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_packet.AsSpan(2)) + 1));
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(4), BinaryPrimitives.ReadUInt32BigEndian(_packet.AsSpan(4)) + 3000);
        RtpHeader.TryParse(_packet.AsSpan(0, _length), out RtpHeader header);
        _router.OnRtp(_publisher, _packet, _length, header);
        _worker.FlushSends();
    }

    private sealed class NullTransportListener : IWebRtcTransportListener
    {
        public static readonly NullTransportListener Instance = new();

        public void OnTransportStateChanged(WebRtcTransport transport, WebRtcTransportState state)
        {
        }

        public void OnRtpPacket(WebRtcTransport transport, Span<byte> buffer, int length, in RtpHeader header)
        {
        }

        public void OnRtcpPacket(WebRtcTransport transport, Span<byte> packet)
        {
        }
    }
}
