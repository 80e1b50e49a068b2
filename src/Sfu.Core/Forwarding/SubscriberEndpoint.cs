using Sfu.Core.Bwe;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The send side of one subscriber's transport in a room (mediasoup's Transport with its Consumers, LiveKit's
/// subscriber PeerConnection with its StreamAllocator): its down-tracks by SSRC, one transport-wide sequence number for
/// every packet sent through it, the subscriber's RTCP (report blocks, PLI/FIR, NACK, transport-wide-cc, REMB) handed
/// to the down-track or estimator it is about, its bandwidth estimate and stream allocator (when it negotiated
/// transport-wide-cc or REMB), and one compound RTCP with the sender reports of all its down-tracks per report interval.
/// </summary>
/// <remarks>
/// Created by the <see cref="RoomRouter"/> with the transport's first down-track and dropped when the transport is
/// removed. Runs on the room's media worker thread; <see cref="OnRtcp"/> and <see cref="Tick"/> allocate nothing.
/// </remarks>
internal sealed partial class SubscriberEndpoint
{
    private readonly ForwardingContext _context;
    private readonly BandwidthEstimatorSettings _bandwidthSettings;
    private readonly Dictionary<uint, DownTrack> _bySsrc = new();
    private readonly List<DownTrack> _downTracks = [];

    public SubscriberEndpoint(IRtpPacketSink sink, ForwardingContext context, BandwidthEstimatorSettings bandwidthSettings, long now)
    {
        Sink = sink;
        _context = context;
        _bandwidthSettings = bandwidthSettings;
        _nextSenderReports = now + context.ReportIntervalTicks;
    }

    /// <summary>The subscriber's transport.</summary>
    public IRtpPacketSink Sink { get; }

    /// <summary>The down-tracks sending through this transport, in the order they were subscribed.</summary>
    public IReadOnlyList<DownTrack> DownTracks => _downTracks;

    /// <summary>The next transport-wide-cc sequence number (one counter for every packet on this transport).</summary>
    public ushort TransportSequenceNumber { get; private set; }

    /// <summary>The bandwidth estimate and allocator; null while no down-track negotiated transport-wide-cc or REMB.</summary>
    public SubscriberBandwidth? Bandwidth { get; private set; }

    /// <summary>True when <paramref name="ssrc"/> is the SSRC of one of the endpoint's down-tracks.</summary>
    public bool HasSsrc(uint ssrc) => _bySsrc.ContainsKey(ssrc);

    /// <summary>Takes a new down-track (its SSRC checked free with <see cref="HasSsrc"/>); its bandwidth is managed when the subscriber gives feedback.</summary>
    public void Add(DownTrack downTrack, long now)
    {
        _bySsrc.Add(downTrack.Ssrc, downTrack);
        _downTracks.Add(downTrack);
        if (downTrack.GivesBandwidthFeedback && Bandwidth is null)
        {
            Bandwidth = new SubscriberBandwidth(_context, _bandwidthSettings, now);
            foreach (DownTrack existing in _downTracks)
            {
                Bandwidth.Add(existing);
            }
        }
        else
        {
            Bandwidth?.Add(downTrack);
        }
    }

    /// <summary>
    /// Lets go of an ended down-track: its SSRC no longer routes the subscriber's RTCP, and the transport releases
    /// what it keeps for its SSRC and RTX SSRC (their SRTP state), which are not sent on again.
    /// </summary>
    public void Remove(DownTrack downTrack)
    {
        _bySsrc.Remove(downTrack.Ssrc);
        _downTracks.Remove(downTrack);
        Bandwidth?.Remove(downTrack);
        Sink.ReleaseSendingSsrc(downTrack.Ssrc);
        if (downTrack.Parameters.RtxSsrc is uint rtx)
        {
            Sink.ReleaseSendingSsrc(rtx);
        }
    }

    /// <summary>
    /// A packet carrying <paramref name="transportSequenceNumber"/> went out: the counter moves on and the estimator
    /// learns its size and send time.
    /// </summary>
    public void OnPacketSent(ushort transportSequenceNumber, int length, long now, bool isProbe)
    {
        TransportSequenceNumber = unchecked((ushort)(transportSequenceNumber + 1));
        Bandwidth?.OnPacketSent(transportSequenceNumber, length, now, isProbe);
    }

    /// <summary>What is due now: the compound of sender reports, the allocation, probe padding.</summary>
    public void Tick(long now)
    {
        if (now >= _nextSenderReports)
        {
            _nextSenderReports = now + _context.ReportIntervalTicks;
            SendSenderReports(now);
        }

        Bandwidth?.Tick(now);
    }
}
