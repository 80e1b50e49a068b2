using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Sfu.Core.Diagnostics;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// A <see cref="MediaMetrics"/> on a meter of its own, with a listener counting drops by reason and keyframe requests,
/// so parallel tests do not see each other's measurements.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly OwnMeterFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _dropped = new();
    private long _keyframeRequests;

    public MetricsRecorder()
    {
        Metrics = new MediaMetrics(_factory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _factory.Meter)
                && instrument.Name is "sfu.media.dropped" or "sfu.rtcp.keyframe_requests.sent")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "sfu.rtcp.keyframe_requests.sent")
            {
                Interlocked.Add(ref _keyframeRequests, value);
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    _dropped.AddOrUpdate((string)tag.Value!, value, (_, old) => old + value);
                }
            }
        });
        _listener.Start();
    }

    public MediaMetrics Metrics { get; }

    public long KeyframeRequests => Interlocked.Read(ref _keyframeRequests);

    public long Dropped(DropReason reason) => _dropped.GetValueOrDefault(reason.Name());

    public void Dispose()
    {
        _listener.Dispose();
        Metrics.Dispose();
        _factory.Dispose();
    }

    private sealed class OwnMeterFactory : IMeterFactory
    {
        public Meter? Meter { get; private set; }

        public Meter Create(MeterOptions options) => Meter = new Meter(options);

        public void Dispose() => Meter?.Dispose();
    }
}
