using System.Diagnostics.Metrics;

namespace Sfu.Core.Diagnostics;

/// <summary>
/// The media engine's instruments (System.Diagnostics.Metrics, meter <c>Sfu.Media</c>).
/// Labels are bounded: media kind, drop reason, failure kind; never a participant or room.
/// The counters are thread-safe and allocation-free when their tags are pre-built, which is why
/// each label value has its own cached <see cref="KeyValuePair{TKey,TValue}"/>.
/// </summary>
public sealed class MediaMetrics : IDisposable
{
    public const string MeterName = "Sfu.Media";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _dtlsFailures;
    private readonly Counter<long> _iceFailures;
    private readonly Counter<long> _keyframeRequests;
    private readonly Counter<long> _nacksReceived;
    private readonly Counter<long> _nacksSent;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _keyframeRequestsReceived;
    private readonly Counter<long> _layerSwitches;
    private readonly Histogram<double> _rtt;
    private readonly Histogram<double> _jitter;
    private readonly Histogram<double> _loss;
    private readonly Histogram<double> _bandwidth;
    private readonly Counter<long> _probePadding;
    private readonly KeyValuePair<string, object?>[] _dropTags;
    private readonly long[] _sendFailures = new long[Enum.GetValues<SendFailure>().Length];

    private static readonly (string Kind, int In, int Out)[] Kinds =
        [("rtp", TrafficTotals.RtpIn, TrafficTotals.RtpOut), ("rtcp", TrafficTotals.RtcpIn, TrafficTotals.RtcpOut),
         ("stun", TrafficTotals.StunIn, TrafficTotals.StunOut), ("dtls", TrafficTotals.DtlsIn, TrafficTotals.DtlsOut)];
    private static readonly (string Media, int In, int Out)[] Media =
        [("audio", TrafficTotals.AudioIn, TrafficTotals.AudioForwarded), ("video", TrafficTotals.VideoIn, TrafficTotals.VideoForwarded)];
    private readonly TrafficTotals _traffic = new();
    private int _transports;

    public MediaMetrics(IMeterFactory? meterFactory = null)
    {
        if (meterFactory is null)
        {
            _meter = new Meter(MeterName);
            _ownsMeter = true;
        }
        else
        {
            _meter = meterFactory.Create(MeterName);
        }

        _dropped = _meter.CreateCounter<long>("sfu.media.dropped", "{packet}", "Datagrams dropped by the media path, by reason.");
        // Traffic is summed from per-thread totals when collected: nothing per packet but two array increments.
        _meter.CreateObservableCounter("sfu.media.packets.received", () => Observe(Kinds, false, 0, "kind"), "{packet}", "Datagrams accepted by the media path, by kind.");
        _meter.CreateObservableCounter("sfu.media.bytes.received", () => Observe(Kinds, false, 1, "kind"), "By", "Bytes accepted by the media path, by kind.");
        _meter.CreateObservableCounter("sfu.media.packets.sent", () => Observe(Kinds, true, 0, "kind"), "{packet}", "Datagrams sent by the media path, by kind.");
        _meter.CreateObservableCounter("sfu.media.bytes.sent", () => Observe(Kinds, true, 1, "kind"), "By", "Bytes sent by the media path, by kind.");
        // Observed, so every reason is a series from the start (at 0): rate() and the dashboard see it before the first failure.
        _meter.CreateObservableCounter("sfu.media.send_failed", ObserveSendFailures, "{packet}", "Datagrams the media path meant to send but did not, by reason.");
        _dtlsFailures = _meter.CreateCounter<long>("sfu.dtls.failures", "{handshake}", "DTLS handshakes that failed, by reason.");
        _iceFailures = _meter.CreateCounter<long>("sfu.ice.consent.expired", "{transport}", "Transports whose ICE consent expired.");
        _keyframeRequests = _meter.CreateCounter<long>("sfu.rtcp.keyframe_requests.sent", "{request}", "PLI/FIR sent to publishers.");
        _nacksReceived = _meter.CreateCounter<long>("sfu.rtcp.nacks.received", "{nack}", "Generic NACK packets received from subscribers.");
        _nacksSent = _meter.CreateCounter<long>("sfu.rtcp.nacks.sent", "{nack}", "Generic NACK packets sent to publishers for packets they lost.");
        _retransmissions = _meter.CreateCounter<long>("sfu.rtp.retransmissions.sent", "{packet}", "Packets resent to subscribers (RTX or plain) in answer to NACKs.");
        _keyframeRequestsReceived = _meter.CreateCounter<long>("sfu.rtcp.keyframe_requests.received", "{request}", "PLI/FIR received from subscribers.");
        _layerSwitches = _meter.CreateCounter<long>("sfu.forwarding.layer_switches", "{switch}", "Simulcast layer switches of down-tracks.");
        _meter.CreateObservableCounter("sfu.forwarding.packets.sent", () => Observe(Media, true, 0, "media"), "{packet}", "RTP packets forwarded to subscribers, by media kind.");
        _meter.CreateObservableCounter("sfu.forwarding.bytes.sent", () => Observe(Media, true, 1, "media"), "By", "RTP bytes forwarded to subscribers (before SRTP), by media kind.");
        _meter.CreateObservableCounter("sfu.forwarding.packets.received", () => Observe(Media, false, 0, "media"), "{packet}", "RTP media packets received from publishers, by media kind.");
        _meter.CreateObservableCounter("sfu.forwarding.bytes.received", () => Observe(Media, false, 1, "media"), "By", "RTP media bytes received from publishers, by media kind.");
        _rtt = _meter.CreateHistogram("sfu.subscriber.rtt", "s", "Round-trip times to subscribers, from their receiver reports.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6] });
        _jitter = _meter.CreateHistogram("sfu.subscriber.jitter", "s", "Interarrival jitter subscribers report.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2] });
        _loss = _meter.CreateHistogram("sfu.subscriber.fraction_lost", "1", "Fraction of packets lost that subscribers report (0-1).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5] });
        _bandwidth = _meter.CreateHistogram("sfu.subscriber.bandwidth_estimate", "By/s", "Send-side bandwidth estimates towards subscribers (bytes per second: bit/s ÷ 8), at each allocation (every 250 ms).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [12_500, 31_250, 62_500, 125_000, 250_000, 500_000, 1_000_000] });
        _probePadding = _meter.CreateCounter<long>("sfu.bwe.probe_padding.sent", "By", "RTX padding bytes sent to subscribers to probe for bandwidth.");
        _meter.CreateObservableGauge("sfu.transports.active", () => Volatile.Read(ref _transports), "{transport}", "WebRTC transports alive.");

        var reasons = Enum.GetValues<DropReason>();
        _dropTags = new KeyValuePair<string, object?>[reasons.Length];
        foreach (var r in reasons)
        {
            _dropTags[(int)r] = new KeyValuePair<string, object?>("reason", r.Name());
        }
    }

    /// <summary>The meter these instruments belong to (tests listen to exactly this one).</summary>
    public Meter Meter => _meter;

    public void Dropped(DropReason reason) => _dropped.Add(1, _dropTags[(int)reason]);

    /// <summary>Counts one datagram not sent (thread-safe; rare, so one interlocked increment).</summary>
    public void SendFailed(SendFailure reason) => Interlocked.Increment(ref _sendFailures[(int)reason]);

    /// <summary>Datagrams not sent for <paramref name="reason"/> so far.</summary>
    public long SendFailures(SendFailure reason) => Volatile.Read(ref _sendFailures[(int)reason]);

    public void RtpReceived(int bytes) => _traffic.Add(TrafficTotals.RtpIn, bytes);

    public void RtcpReceived(int bytes) => _traffic.Add(TrafficTotals.RtcpIn, bytes);

    public void StunReceived(int bytes) => _traffic.Add(TrafficTotals.StunIn, bytes);

    public void DtlsReceived(int bytes) => _traffic.Add(TrafficTotals.DtlsIn, bytes);

    public void RtpSent(int bytes) => _traffic.Add(TrafficTotals.RtpOut, bytes);

    public void RtcpSent(int bytes) => _traffic.Add(TrafficTotals.RtcpOut, bytes);

    public void StunSent(int bytes) => _traffic.Add(TrafficTotals.StunOut, bytes);

    public void DtlsSent(int bytes) => _traffic.Add(TrafficTotals.DtlsOut, bytes);

    public void DtlsFailed(string reason) => _dtlsFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void NackReceived() => _nacksReceived.Add(1);

    public void NackSent() => _nacksSent.Add(1);

    public void RetransmissionSent() => _retransmissions.Add(1);

    public void KeyframeRequestReceived() => _keyframeRequestsReceived.Add(1);

    public void LayerSwitched() => _layerSwitches.Add(1);

    public void BandwidthEstimated(long bps) => _bandwidth.Record(bps / 8.0);

    public void ProbePaddingSent(int bytes) => _probePadding.Add(bytes);

    public void Forwarded(bool video, int bytes) => _traffic.Add(video ? TrafficTotals.VideoForwarded : TrafficTotals.AudioForwarded, bytes);

    /// <summary>RTP bytes forwarded to subscribers so far (audio and video, before SRTP); the cluster's load reads its rate.</summary>
    public long ForwardedBytes => _traffic.Sum(TrafficTotals.AudioForwarded + 1) + _traffic.Sum(TrafficTotals.VideoForwarded + 1);

    public void MediaReceived(bool video, int bytes) => _traffic.Add(video ? TrafficTotals.VideoIn : TrafficTotals.AudioIn, bytes);

    private IEnumerable<Measurement<long>> Observe((string Label, int In, int Out)[] rows, bool outgoing, int offset, string tag)
    {
        var result = new Measurement<long>[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            result[i] = new Measurement<long>(_traffic.Sum((outgoing ? rows[i].Out : rows[i].In) + offset), new KeyValuePair<string, object?>(tag, rows[i].Label));
        }

        return result;
    }

    private IEnumerable<Measurement<long>> ObserveSendFailures()
    {
        var result = new Measurement<long>[_sendFailures.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = new Measurement<long>(Volatile.Read(ref _sendFailures[i]), new KeyValuePair<string, object?>("reason", ((SendFailure)i).Name()));
        }

        return result;
    }

    /// <summary>One receiver report block from a subscriber: RTT (when known), jitter and loss.</summary>
    public void SubscriberReport(double? rttSeconds, double jitterSeconds, double fractionLost)
    {
        if (rttSeconds is double rtt)
        {
            _rtt.Record(rtt);
        }

        _jitter.Record(jitterSeconds);
        _loss.Record(fractionLost);
    }

    public void IceConsentExpired() => _iceFailures.Add(1);

    public void KeyframeRequested() => _keyframeRequests.Add(1);

    public void TransportOpened() => Interlocked.Increment(ref _transports);

    public void TransportClosed() => Interlocked.Decrement(ref _transports);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }

        _traffic.Dispose();
    }
}
