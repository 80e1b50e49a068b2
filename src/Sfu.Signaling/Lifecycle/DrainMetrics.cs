using System.Diagnostics.Metrics;
using Sfu.Signaling.Diagnostics;

namespace Sfu.Signaling.Lifecycle;

/// <summary>
/// Drain instruments (meter <c>Sfu.Signaling</c>): <c>sfu.node.draining</c> (1 while this node drains, else 0;
/// exported as <c>sfu_node_draining</c>) and <c>sfu.participants.moved</c> (participants told to move to another
/// node; <c>sfu_participants_moved_total</c>).
/// </summary>
public sealed class DrainMetrics
{
    private readonly Counter<long> _moved;

    public DrainMetrics(NodeDrainState state, IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(SignalingMetrics.MeterName) ?? new Meter(SignalingMetrics.MeterName);
        meter.CreateObservableGauge("sfu.node.draining", () => state.IsDraining ? 1 : 0, null, "1 while this node drains (takes no new rooms, /readyz is 503), else 0.");
        _moved = meter.CreateCounter<long>("sfu.participants.moved", "{participant}", "Participants told to move to another node because this one drains.");
    }

    /// <summary>Counts <paramref name="count"/> participants told to move.</summary>
    public void Moved(int count) => _moved.Add(count);
}
