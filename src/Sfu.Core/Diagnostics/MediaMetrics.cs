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
    private readonly KeyValuePair<string, object?>[] _dropTags;
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
