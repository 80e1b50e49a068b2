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
    private readonly Counter<long> _packetsIn;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _packetsOut;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _dtlsFailures;
    private readonly Counter<long> _iceFailures;
    private readonly Counter<long> _keyframeRequests;
    private readonly Counter<long> _nacksReceived;
    private readonly Counter<long> _nacksSent;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _keyframeRequestsReceived;
    private readonly Counter<long> _layerSwitches;
    private readonly Counter<long> _forwardedPackets;
    private readonly Counter<long> _forwardedBytes;
    private readonly Counter<long> _receivedMediaPackets;
    private readonly Counter<long> _receivedMediaBytes;
    private readonly Histogram<double> _rtt;
    private readonly Histogram<double> _jitter;
    private readonly Histogram<double> _loss;
    private readonly KeyValuePair<string, object?>[] _dropTags;
    private static readonly KeyValuePair<string, object?> MediaAudio = new("media", "audio");
    private static readonly KeyValuePair<string, object?> MediaVideo = new("media", "video");
    private static readonly KeyValuePair<string, object?> KindRtp = new("kind", "rtp");
    private static readonly KeyValuePair<string, object?> KindRtcp = new("kind", "rtcp");
    private static readonly KeyValuePair<string, object?> KindStun = new("kind", "stun");
    private static readonly KeyValuePair<string, object?> KindDtls = new("kind", "dtls");
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
        _packetsIn = _meter.CreateCounter<long>("sfu.media.packets.received", "{packet}", "Datagrams accepted by the media path, by kind.");
        _bytesIn = _meter.CreateCounter<long>("sfu.media.bytes.received", "By", "Bytes accepted by the media path, by kind.");
        _packetsOut = _meter.CreateCounter<long>("sfu.media.packets.sent", "{packet}", "Datagrams sent by the media path, by kind.");
        _bytesOut = _meter.CreateCounter<long>("sfu.media.bytes.sent", "By", "Bytes sent by the media path, by kind.");
        _dtlsFailures = _meter.CreateCounter<long>("sfu.dtls.failures", "{handshake}", "DTLS handshakes that failed, by reason.");
        _iceFailures = _meter.CreateCounter<long>("sfu.ice.consent.expired", "{transport}", "Transports whose ICE consent expired.");
        _keyframeRequests = _meter.CreateCounter<long>("sfu.rtcp.keyframe_requests.sent", "{request}", "PLI/FIR sent to publishers.");
        _nacksReceived = _meter.CreateCounter<long>("sfu.rtcp.nacks.received", "{nack}", "Generic NACK packets received from subscribers.");
        _nacksSent = _meter.CreateCounter<long>("sfu.rtcp.nacks.sent", "{nack}", "Generic NACK packets sent to publishers for packets they lost.");
        _retransmissions = _meter.CreateCounter<long>("sfu.rtp.retransmissions.sent", "{packet}", "Packets resent to subscribers (RTX or plain) in answer to NACKs.");
        _keyframeRequestsReceived = _meter.CreateCounter<long>("sfu.rtcp.keyframe_requests.received", "{request}", "PLI/FIR received from subscribers.");
        _layerSwitches = _meter.CreateCounter<long>("sfu.forwarding.layer_switches", "{switch}", "Simulcast layer switches of down-tracks.");
        _forwardedPackets = _meter.CreateCounter<long>("sfu.forwarding.packets.sent", "{packet}", "RTP packets forwarded to subscribers, by media kind.");
        _forwardedBytes = _meter.CreateCounter<long>("sfu.forwarding.bytes.sent", "By", "RTP bytes forwarded to subscribers (before SRTP), by media kind.");
        _receivedMediaPackets = _meter.CreateCounter<long>("sfu.forwarding.packets.received", "{packet}", "RTP media packets received from publishers, by media kind.");
        _receivedMediaBytes = _meter.CreateCounter<long>("sfu.forwarding.bytes.received", "By", "RTP media bytes received from publishers, by media kind.");
        _rtt = _meter.CreateHistogram("sfu.subscriber.rtt", "s", "Round-trip times to subscribers, from their receiver reports.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6] });
        _jitter = _meter.CreateHistogram("sfu.subscriber.jitter", "s", "Interarrival jitter subscribers report.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2] });
        _loss = _meter.CreateHistogram("sfu.subscriber.fraction_lost", "1", "Fraction of packets lost that subscribers report (0-1).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5] });
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

    public void RtpReceived(int bytes) { _packetsIn.Add(1, KindRtp); _bytesIn.Add(bytes, KindRtp); }

    public void RtcpReceived(int bytes) { _packetsIn.Add(1, KindRtcp); _bytesIn.Add(bytes, KindRtcp); }

    public void StunReceived(int bytes) { _packetsIn.Add(1, KindStun); _bytesIn.Add(bytes, KindStun); }

    public void DtlsReceived(int bytes) { _packetsIn.Add(1, KindDtls); _bytesIn.Add(bytes, KindDtls); }

    public void RtpSent(int bytes) { _packetsOut.Add(1, KindRtp); _bytesOut.Add(bytes, KindRtp); }

    public void RtcpSent(int bytes) { _packetsOut.Add(1, KindRtcp); _bytesOut.Add(bytes, KindRtcp); }

    public void StunSent(int bytes) { _packetsOut.Add(1, KindStun); _bytesOut.Add(bytes, KindStun); }

    public void DtlsSent(int bytes) { _packetsOut.Add(1, KindDtls); _bytesOut.Add(bytes, KindDtls); }

    public void DtlsFailed(string reason) => _dtlsFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void NackReceived() => _nacksReceived.Add(1);

    public void NackSent() => _nacksSent.Add(1);

    public void RetransmissionSent() => _retransmissions.Add(1);

    public void KeyframeRequestReceived() => _keyframeRequestsReceived.Add(1);

    public void LayerSwitched() => _layerSwitches.Add(1);

    public void Forwarded(bool video, int bytes)
    {
        var tag = video ? MediaVideo : MediaAudio;
        _forwardedPackets.Add(1, tag);
        _forwardedBytes.Add(bytes, tag);
    }

    public void MediaReceived(bool video, int bytes)
    {
        var tag = video ? MediaVideo : MediaAudio;
        _receivedMediaPackets.Add(1, tag);
        _receivedMediaBytes.Add(bytes, tag);
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
    }
}
