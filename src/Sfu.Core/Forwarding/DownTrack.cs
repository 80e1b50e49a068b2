using System.Text;
using Sfu.Core.Rtcp;
using Sfu.Core.Transport;

namespace Sfu.Core.Forwarding;

/// <summary>
/// One subscriber's copy of a published track (mediasoup's Consumer, LiveKit's DownTrack): it sends the track to the
/// subscriber under its own SSRC, with its own contiguous sequence numbers and continuous timestamps, the subscriber's
/// payload types and header extension ids. Created by <see cref="RoomRouter.Subscribe"/> and owned by its subscriber's
/// <see cref="SubscriberEndpoint"/>; used on the room's media worker thread only, where its statistics are plain
/// property reads.
/// </summary>
public sealed partial class DownTrack
{
    private readonly ForwardingContext _context;
    private readonly PublishedTrack _track;
    private readonly SubscriberEndpoint _endpoint;
    private readonly byte[] _payloadTypeMap;
    private readonly byte[] _cname;
    private readonly bool _isVideo;
    private bool _paused;

    internal DownTrack(ForwardingContext context, PublishedTrack track, SubscriberEndpoint endpoint, DownTrackParameters parameters)
    {
        _context = context;
        _track = track;
        _endpoint = endpoint;
        Parameters = parameters;
        _isVideo = track.Kind == MediaKind.Video;
        _payloadTypeMap = CodecMapping.BuildPayloadTypeMap(track.Parameters.Codecs, track.CodecCapabilities, parameters.Codecs);
        _cname = Truncate(Encoding.UTF8.GetBytes(parameters.Cname), 255);
        _sequenceNumbers = new SequenceNumberMapper((ushort)Random.Shared.Next(0, 0x10000));
        _switch = track.IsSimulcast ? new SimulcastLayerSwitch(track.LayerCount) : null;
        _timestamps = new TimestampMapper(track.ClockRate, (uint)(track.ClockRate / (_isVideo ? 30 : 50)), (uint)Random.Shared.Next());
        _vp8 = _isVideo ? new Vp8Munger() : null;
        _waitingForKeyframe = _isVideo;
        _headers = new DownTrackHeaderWriter(context, endpoint, track.ExtensionIds, parameters);
        _retransmitter = new DownTrackRetransmitter(context, track, endpoint, parameters, _headers);
        UpdatePreferenceCeiling(LayerChangeReason.Start);
        foreach (var codec in parameters.Codecs)
        {
            GivesBandwidthFeedback |= (_headers.HasTransportSequence && (codec.Feedback & Sdp.RtcpFeedbackFlags.TransportCc) != 0)
                || (_headers.HasAbsSendTime && (codec.Feedback & Sdp.RtcpFeedbackFlags.Remb) != 0);
        }
    }

    /// <summary>The subscriber negotiated transport-wide-cc (or REMB with abs-send-time) for this down-track: its bandwidth is estimated.</summary>
    internal bool GivesBandwidthFeedback { get; }

    /// <summary>The down-track's slot in its subscriber's stream allocator; -1 when it has none.</summary>
    internal int AllocatorSlot { get; set; } = -1;

    public PublishedTrack Track => _track;

    /// <summary>The subscriber's transport this down-track sends through.</summary>
    public IRtpPacketSink Subscriber => _endpoint.Sink;

    public DownTrackParameters Parameters { get; }

    /// <summary>The SSRC sent to the subscriber.</summary>
    public uint Ssrc => Parameters.Ssrc;

    /// <summary>
    /// Paused (the subscriber's tile is hidden): nothing is forwarded. Resuming a video down-track waits for a keyframe
    /// and asks the publisher for one.
    /// </summary>
    public bool Paused
    {
        get => _paused;
        set
        {
            if (_paused == value)
            {
                return;
            }

            bool wasSuspended = Suspended;
            _paused = value;
            if (Suspended != wasSuspended)
            {
                OnSuspendedChanged();
            }
        }
    }

    /// <summary>The down-track was unsubscribed or its track or transport removed; it sends nothing more.</summary>
    public bool IsClosed { get; internal set; }

    /// <summary>Video only: nothing is forwarded until the next keyframe (after subscribing, resuming, or a new source).</summary>
    public bool IsWaitingForKeyframe => _waitingForKeyframe;

    /// <summary>RTP packets handed to the subscriber's transport.</summary>
    public long PacketsSent { get; private set; }

    /// <summary>Bytes of those packets before SRTP protection.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Payload bytes of those packets (the SR octet count).</summary>
    public long PayloadBytesSent { get; private set; }

    /// <summary>RTP packets the connected transport failed to send (not counted: sends before it connected).</summary>
    public long SendFailures { get; private set; }

    /// <summary>
    /// True while the last send failed on a connected transport: the down-track asks the publisher for no keyframes
    /// until a send succeeds again (the next keyframe the publisher sends for any reason).
    /// </summary>
    public bool IsSendFailing => _sendFailing;

    /// <summary>Sender reports sent to the subscriber.</summary>
    public long SenderReportsSent { get; private set; }

    /// <summary>PLI and FIR received from the subscriber about this down-track.</summary>
    public long KeyframeRequestsReceived { get; private set; }

    /// <summary>Report blocks received from the subscriber about this down-track.</summary>
    public long ReceiverReportsReceived { get; private set; }

    /// <summary>Round-trip time to the subscriber from its last report block with an LSR; null before one.</summary>
    public TimeSpan? RoundTripTime { get; private set; }

    /// <summary>Fraction lost (0..1) as the subscriber last reported it.</summary>
    public double FractionLost { get; private set; }

    /// <summary>Cumulative packets lost as the subscriber last reported it.</summary>
    public int PacketsLost { get; private set; }

    /// <summary>Interarrival jitter as the subscriber last reported it, in RTP timestamp units.</summary>
    public uint Jitter { get; private set; }

    /// <summary>The subscriber endpoint this down-track sends through.</summary>
    internal SubscriberEndpoint Endpoint => _endpoint;

    /// <summary>The length of this down-track's SR + SDES(CNAME) (<see cref="WriteSenderReport"/>).</summary>
    internal int SenderReportLength => SenderReport.GetLength(0) + SourceDescription.GetCnameLength(_cname.Length);

    /// <summary>A report block from the subscriber about this down-track: loss, jitter, and the RTT from LSR/DLSR.</summary>
    internal void OnReportBlock(in ReportBlock block, uint arrivalCompact)
    {
        ReceiverReportsReceived++;
        _headers.MidAcknowledged = true;
        FractionLost = block.FractionLost / 256.0;
        PacketsLost = block.CumulativeLost;
        Jitter = block.Jitter;
        if (block.LastSenderReport != 0)
        {
            uint rtt = NtpTime.RoundTripCompact(arrivalCompact, block.LastSenderReport, block.DelaySinceLastSenderReport);
            RoundTripTime = TimeSpan.FromMicroseconds(NtpTime.CompactToMicroseconds(rtt));
        }

        _context.Metrics.SubscriberReport(
            block.LastSenderReport != 0 ? RoundTripTime?.TotalSeconds : null,
            _track.ClockRate > 0 ? (double)block.Jitter / _track.ClockRate : 0,
            FractionLost);
    }

    /// <summary>A PLI or FIR from the subscriber about this down-track.</summary>
    internal void OnKeyframeRequest()
    {
        KeyframeRequestsReceived++;
        _context.Metrics.KeyframeRequestReceived();
        if (!Suspended)
        {
            RequestKeyframe(); // a paused down-track asks for its keyframe when it resumes
        }
    }

    /// <summary>The publisher unmuted the track: video restarts at a keyframe.</summary>
    internal void OnTrackUnmuted()
    {
        if (_isVideo)
        {
            _waitingForKeyframe = true;
            RequestKeyframe();
        }
    }

    /// <summary>
    /// Asks the publisher (throttled, see <see cref="KeyframeRequestKind"/>) for a keyframe of the layer this down-track
    /// forwards or switches to. Before the first picture of a simulcast track it also asks for one of the lowest layer
    /// the publisher sends: that keyframe is the smallest and comes first, so the picture starts there and moves up at
    /// the target's keyframe. Nothing is asked while the subscriber's transport cannot send (the keyframe would be
    /// lost): <see cref="OnTransportConnected"/> asks then.
    /// </summary>
    internal void RequestKeyframe()
    {
        if (!_isVideo || IsClosed || !_endpoint.Sink.CanSend)
        {
            return;
        }

        if (_switch is null)
        {
            RequestKeyframeFor(SpatialLayer.Lowest);
            return;
        }

        // Before its first packet the switch has no target yet: ask for the layer it will choose.
        SpatialLayer target = _switch.Target.IsNone ? ChooseTarget(_context.Now) : _switch.Target;
        if (AwaitsFirstPicture)
        {
            SpatialLayer lowest = _track.LiveLayers(_context.Now).Lowest;
            if (!lowest.IsNone && lowest < target)
            {
                RequestKeyframeFor(lowest);
            }
        }

        RequestKeyframeFor(target);
    }

    /// <summary>
    /// The subscriber's transport connected (first, or again after losing consent): video waiting for a keyframe asks for
    /// it now, when it can be forwarded, rather than when the subscription was made (a keyframe that came before the
    /// transport was up was lost, and the next request would have waited out the throttle).
    /// </summary>
    internal void OnTransportConnected()
    {
        if (_isVideo && _waitingForKeyframe && !Suspended)
        {
            RequestKeyframe();
        }
    }

    /// <summary>Writes a compound SR + SDES(CNAME) into <paramref name="destination"/> and returns its length.</summary>
    internal int WriteSenderReport(Span<byte> destination, long now, ulong ntp)
    {
        int length = SenderReport.Write(destination, Ssrc, ntp, ExtrapolateRtpTimestamp(now), unchecked((uint)PacketsSent), unchecked((uint)PayloadBytesSent));
        length += SourceDescription.WriteCname(destination.Slice(length), Ssrc, _cname);
        return length;
    }

    internal void OnSenderReportSent() => SenderReportsSent++;

    public override string ToString() => "down-track " + Ssrc.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of " + _track.TrackId;

    internal static byte[] Truncate(byte[] bytes, int max) => bytes.Length <= max ? bytes : bytes[..max];
}
