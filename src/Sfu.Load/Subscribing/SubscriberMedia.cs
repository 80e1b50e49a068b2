using System.Buffers.Binary;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Load.Media;

namespace Sfu.Load.Subscribing;

/// <summary>
/// What a synthetic participant receives on its subscriber peer connection: one <see cref="ReceivedTrack"/> per
/// m-section that carries a remote track, found by SSRC; receiver reports every second and, when negotiated,
/// transport-wide-cc feedback every 50 ms, as a browser sends them.
/// </summary>
/// <remarks>
/// The media loop thread owns it. <see cref="Apply"/> (posted to that thread) brings it up to date with each
/// subscriber offer: a mid that now carries another track, or none, ends the old track (and releases its SSRCs from the
/// peer's SRTP context); a new one starts.
/// Every track ever received stays in <see cref="Tracks"/> for the summary.
/// </remarks>
public sealed class SubscriberMedia : IPeerMedia
{
    private const long ReportIntervalUs = 1_000_000;
    private const long FeedbackIntervalUs = 50_000;

    private readonly Dictionary<string, ReceivedTrack> _byMid = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, ReceivedTrack> _bySsrc = [];
    private readonly Dictionary<uint, ReceivedTrack> _byRtxSsrc = [];
    private readonly List<ReceivedTrack> _all = [];
    private readonly object _allGate = new();
    private readonly TransportCcArrivals? _transportCc;
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private ReportBlock[] _blocks = new ReportBlock[8];
    private long _nextReportUs = long.MaxValue;
    private long _nextFeedbackUs = long.MaxValue;
    private PeerConnection? _peer;

    /// <summary>Creates the receiver; <paramref name="transportCc"/>: send transport-wide-cc feedback.</summary>
    public SubscriberMedia(bool transportCc)
    {
        _transportCc = transportCc ? new TransportCcArrivals() : null;
    }

    /// <summary>Packets for an SSRC no m-section announced.</summary>
    public long UnknownSsrcPackets;

    public long ReceiverReportsSent;

    public long FeedbackSent;

    /// <summary>Every track received so far, ended ones included (a copy; any thread).</summary>
    public IReadOnlyList<ReceivedTrack> Tracks
    {
        get
        {
            lock (_allGate)
            {
                return _all.ToArray();
            }
        }
    }

    /// <summary>Loop thread: the m-sections of the latest offer that carry a track (inactive ones left out).</summary>
    public void Apply(IReadOnlyList<SubscribedSection> sections, long nowUs)
    {
        var wanted = sections.ToDictionary(s => s.Mid, StringComparer.Ordinal);
        foreach (var (mid, track) in _byMid.ToArray())
        {
            if (!wanted.TryGetValue(mid, out var section) || section != track.Section)
            {
                End(mid, track, nowUs);
            }
        }

        foreach (var section in sections)
        {
            if (_byMid.ContainsKey(section.Mid))
            {
                continue;
            }

            var track = new ReceivedTrack(section, nowUs);
            _byMid[section.Mid] = track;
            _bySsrc[section.Ssrc] = track;
            if (section.RtxSsrc is uint rtx)
            {
                _byRtxSsrc[rtx] = track;
            }

            lock (_allGate)
            {
                _all.Add(track);
            }
        }

        if (_blocks.Length < _byMid.Count)
        {
            _blocks = new ReportBlock[_byMid.Count * 2];
        }
    }

    public void OnConnected(PeerConnection peer, long nowUs)
    {
        _peer = peer;
        _nextReportUs = nowUs + ReportIntervalUs;
        _nextFeedbackUs = nowUs + FeedbackIntervalUs;
    }

    public void OnTick(PeerConnection peer, long nowUs)
    {
        if (_transportCc is not null && nowUs >= _nextFeedbackUs)
        {
            _nextFeedbackUs = nowUs + FeedbackIntervalUs;
            SendFeedback(peer);
        }

        if (nowUs >= _nextReportUs)
        {
            _nextReportUs += ReportIntervalUs;
            SendReceiverReports(peer, nowUs);
        }
    }

    public void OnRtp(PeerConnection peer, Span<byte> packet, in RtpHeader header, long nowUs)
    {
        if (_bySsrc.TryGetValue(header.Ssrc, out var track))
        {
            track.OnPacket(packet, header, nowUs);
        }
        else if (_byRtxSsrc.TryGetValue(header.Ssrc, out track))
        {
            track.OnRtxPacket(header);
        }
        else
        {
            UnknownSsrcPackets++;
            return;
        }

        int id = track.Section.TransportWideCcId;
        if (_transportCc is not null && id > 0 && RtpHeaderExtensions.TryFind(packet, header, id, out var value) && value.Length >= 2)
        {
            _transportCc.OnPacket(BinaryPrimitives.ReadUInt16BigEndian(value), nowUs);
        }
    }

    public void OnRtcp(PeerConnection peer, ReadOnlySpan<byte> compound, long nowUs)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
        {
            if (header.PacketType == RtcpPacketType.SenderReport
                && SenderReport.TryParse(packet, out var report) == RtcpParseError.None
                && _bySsrc.TryGetValue(report.Ssrc, out var track))
            {
                track.OnSenderReport(report.NtpTimestamp, nowUs);
            }
        }
    }

    private void End(string mid, ReceivedTrack track, long nowUs)
    {
        track.EndedUs = nowUs;
        _byMid.Remove(mid);
        if (_bySsrc.TryGetValue(track.Section.Ssrc, out var current) && current == track)
        {
            _bySsrc.Remove(track.Section.Ssrc);
        }

        if (track.Section.RtxSsrc is uint rtx && _byRtxSsrc.TryGetValue(rtx, out current) && current == track)
        {
            _byRtxSsrc.Remove(rtx);
        }

        // The server sends on these SSRCs no more: their SRTP state goes (the peer's context holds a bounded number).
        _peer?.ReleaseReceivedSsrc(track.Section.Ssrc);
        if (track.Section.RtxSsrc is uint ended)
        {
            _peer?.ReleaseReceivedSsrc(ended);
        }
    }

    private void SendReceiverReports(PeerConnection peer, long nowUs)
    {
        int count = 0;
        foreach (var track in _byMid.Values)
        {
            if (track.Continuity.Received > 0)
            {
                _blocks[count++] = track.CreateReportBlock(nowUs);
            }
        }

        Span<byte> buffer = peer.Loop.SendBuffer;
        int offset = 0;
        do
        {
            // At most 31 blocks per RR; several RRs go in separate datagrams to stay under the MTU.
            int n = Math.Min(31, count - offset);
            int length = ReceiverReport.Write(buffer, _ssrc, _blocks.AsSpan(offset, n));
            peer.SendRtcp(buffer, length);
            ReceiverReportsSent++;
            offset += n;
        }
        while (offset < count);
    }

    private void SendFeedback(PeerConnection peer)
    {
        uint mediaSsrc = 0;
        foreach (var ssrc in _bySsrc.Keys)
        {
            mediaSsrc = ssrc;
            break;
        }

        Span<byte> buffer = peer.Loop.SendBuffer;
        int length = _transportCc!.WriteFeedback(buffer[..TransportCcArrivals.MaxFeedbackLength], _ssrc, mediaSsrc);
        if (length > 0)
        {
            peer.SendRtcp(buffer, length);
            FeedbackSent++;
        }
    }
}
