using System.Text;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Load.Media;

namespace Sfu.Load.Publishing;

/// <summary>
/// What a synthetic participant publishes on its publisher peer connection: an Opus-sized audio stream and/or a VP8
/// camera in three simulcast layers, sent at their real rates from the media loop's tick, with sender reports every
/// second; keyframe requests (PLI, FIR) from the server make the layer's next frame a keyframe.
/// </summary>
/// <remarks>Created on any thread; after <see cref="Configure"/> it is used by the peer's media loop thread only.</remarks>
public sealed partial class PublisherMedia : IPeerMedia
{
    /// <summary>Largest RTP packet sent before SRTP (header, extensions and payload): Chromium's limit.</summary>
    public const int MaxPacketLength = 1200;

    private const long ReportIntervalUs = 1_000_000;

    private readonly byte[] _cname;
    private SendSection? _audioSection;
    private SendSection? _videoSection;
    private byte[] _audioMid = [];
    private byte[] _videoMid = [];
    private ushort _transportSequence;
    private long _nextReportUs = long.MaxValue;

    /// <summary>Creates the senders with fresh SSRCs; <paramref name="audio"/>/<paramref name="video"/> say what is published.</summary>
    public PublisherMedia(bool audio, bool video, string cname)
    {
        _cname = Encoding.ASCII.GetBytes(cname);
        Cname = cname;
        Audio = audio ? new AudioSender(NewSsrc()) : null;
        Layers = video
            ? VideoLayerProfile.Simulcast.Select((p, i) => new VideoLayerSender(i, p, NewSsrc())).ToArray()
            : [];
    }

    public string Cname { get; }

    public AudioSender? Audio { get; }

    /// <summary>Video layers, lowest first (index = spatial layer); empty without video.</summary>
    public IReadOnlyList<VideoLayerSender> Layers { get; }

    public PublisherCounters Counters { get; } = new();

    /// <summary>Sets what the server's answer negotiated; call before the peer starts.</summary>
    public void Configure(SendSection? audio, SendSection? video)
    {
        _audioSection = Audio is null ? null : audio;
        _videoSection = Layers.Count == 0 ? null : video;
        _audioMid = audio is null ? [] : Encoding.ASCII.GetBytes(audio.Mid);
        _videoMid = video is null ? [] : Encoding.ASCII.GetBytes(video.Mid);
    }

    public void OnConnected(PeerConnection peer, long nowUs)
    {
        if (_audioSection is not null)
        {
            Audio!.Start(nowUs);
        }

        if (_videoSection is not null)
        {
            foreach (var layer in Layers)
            {
                layer.Start(nowUs);
            }
        }

        _nextReportUs = nowUs + ReportIntervalUs;
    }

    public void OnTick(PeerConnection peer, long nowUs)
    {
        if (_audioSection is { } audio && nowUs >= Audio!.NextPacketUs)
        {
            SendAudio(peer, audio, nowUs);
        }

        if (_videoSection is { } video)
        {
            for (int i = 0; i < Layers.Count; i++)
            {
                if (nowUs >= Layers[i].NextFrameUs)
                {
                    SendFrame(peer, video, Layers[i], nowUs);
                }
            }
        }

        if (nowUs >= _nextReportUs)
        {
            _nextReportUs += ReportIntervalUs;
            SendReports(peer, nowUs);
        }
    }

    public void OnRtp(PeerConnection peer, Span<byte> packet, in RtpHeader header, long nowUs)
    {
        // The server sends nothing on a publisher connection but RTCP.
    }

    private void SendAudio(PeerConnection peer, SendSection section, long nowUs)
    {
        var audio = Audio!;
        uint timestamp = audio.NextPacket(nowUs, out int payloadLength, out int level);
        Span<byte> buffer = peer.Loop.SendBuffer;
        int headerLength = RtpSendHeader.Write(
            buffer, section.PayloadType, audio.SequenceNumber++, timestamp, audio.Ssrc, marker: false, section.Extensions,
            _audioMid, default, nowUs, _transportSequence++, level);
        buffer.Slice(headerLength, payloadLength).Fill(0xA5);
        audio.PacketsSent++;
        audio.OctetsSent += payloadLength;
        peer.SendRtp(buffer, headerLength + payloadLength);
    }

    private void SendFrame(PeerConnection peer, SendSection section, VideoLayerSender layer, long nowUs)
    {
        Span<byte> buffer = peer.Loop.SendBuffer;

        // The header's length does not change within a frame: measure it once for the payload budget.
        int probe = RtpSendHeader.Write(buffer, section.PayloadType, 0, 0, layer.Ssrc, false, section.Extensions, _videoMid, layer.Rid, nowUs, 0, -1);
        uint timestamp = layer.BeginFrame(nowUs, MaxPacketLength - probe);
        var packetizer = layer.Packetizer;
        while (packetizer.HasPackets)
        {
            int headerLength = RtpSendHeader.Write(
                buffer, section.PayloadType, layer.SequenceNumber++, timestamp, layer.Ssrc, marker: false, section.Extensions,
                _videoMid, layer.Rid, nowUs, _transportSequence++, -1);
            int payloadLength = packetizer.WriteNext(buffer[headerLength..], out bool last);
            if (last)
            {
                RtpPacketWriter.SetMarker(buffer, true);
            }

            layer.PacketsSent++;
            layer.OctetsSent += payloadLength;
            peer.SendRtp(buffer, headerLength + payloadLength);
        }

        Counters.FramesSent++;
    }

    private void SendReports(PeerConnection peer, long nowUs)
    {
        ulong ntp = NtpTime.FromUnixMicroseconds(MediaClock.ToUnixMicroseconds(nowUs));
        if (_audioSection is not null)
        {
            var a = Audio!;
            SendReport(peer, a.Ssrc, ntp, a.RtpTimestampAt(nowUs), a.PacketsSent, a.OctetsSent);
        }

        if (_videoSection is not null)
        {
            foreach (var layer in Layers)
            {
                SendReport(peer, layer.Ssrc, ntp, layer.RtpTimestampAt(nowUs), layer.PacketsSent, layer.OctetsSent);
            }
        }
    }

    private void SendReport(PeerConnection peer, uint ssrc, ulong ntp, uint rtpTimestamp, long packets, long octets)
    {
        Span<byte> buffer = peer.Loop.SendBuffer;
        int length = SenderReport.Write(buffer, ssrc, ntp, rtpTimestamp, (uint)packets, (uint)octets);
        length += SourceDescription.WriteCname(buffer[length..], ssrc, _cname);
        peer.SendRtcp(buffer, length);
        Counters.SenderReportsSent++;
    }

    private static uint NewSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);
}
