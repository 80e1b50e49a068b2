using System.Globalization;
using Sfu.Load.Media;
using Sfu.Load.Reporting;

namespace Sfu.Load.Run;

/// <summary>The data scenario's steps: the idle baseline, starting the senders, the figures and the checks.</summary>
public sealed partial class LoadRunner
{
    /// <summary>
    /// Everyone connected, nobody sending: the server's CPU and allocations over the settle time, the baseline the
    /// per-message figures are net of. The /metrics reads sit outside the CPU samples, as in the measured window.
    /// </summary>
    private async Task<DataWindow> MeasureIdleDataAsync(ServerMetricsReader metrics, CancellationToken cancellation)
    {
        long? allocatedStart = await metrics.TryReadAllocatedBytesAsync(cancellation).ConfigureAwait(false);
        var cpuStart = _server?.TrySample();
        long startUs = MediaClock.NowMicroseconds();
        await Task.Delay(_options.Settle, cancellation).ConfigureAwait(false);
        var cpuEnd = _server?.TrySample();
        long endUs = MediaClock.NowMicroseconds();
        long? allocatedEnd = await metrics.TryReadAllocatedBytesAsync(cancellation).ConfigureAwait(false);
        return new DataWindow(startUs, endUs, cpuStart, cpuEnd, allocatedStart, allocatedEnd);
    }

    private void StartDataSenders()
    {
        foreach (var p in _participants)
        {
            if (p.Plan.SendsData)
            {
                p.DataMedia?.StartSending();
            }
        }
    }

    private DataResult BuildDataResult(DataWindow idle, DataTotals start, DataTotals end, DataWindow measured) =>
        DataResult.From(
            _options,
            _participants.Count(p => p.Plan.SendsData),
            _participants.Count(p => p.Plan.Data && !p.Plan.SendsData),
            start,
            end,
            idle,
            measured);

    /// <summary>
    /// Every participant heard from every sender of its room but itself; reliable: nothing missing and nothing out of
    /// order (the channel is ordered); lossy: missing within <c>--max-loss</c>; no refusals by the server's limits.
    /// </summary>
    private List<CheckResult> DataChecks(DataResult data)
    {
        int sendersPerRoom = _options.DataSenders ?? 0;
        var deaf = _participants
            .Where(p => p.Plan.Data && (p.DataMedia?.Received.Senders ?? 0) < sendersPerRoom - (p.Plan.SendsData ? 1 : 0))
            .ToList();
        int listeners = _participants.Count(p => p.Plan.Data && sendersPerRoom - (p.Plan.SendsData ? 1 : 0) > 0);
        var c = CultureInfo.InvariantCulture;
        string loss = string.Create(c, $"{data.Missing:#,0} of {data.Expected:#,0} expected messages missing ({data.LossPercent:0.###}%), {data.OutOfOrder:#,0} out of order");
        return
        [
            new("every participant receives every sender's data", deaf.Count == 0,
                deaf.Count == 0
                    ? string.Create(c, $"{listeners} participant(s) heard from every other sender of their room")
                    : string.Create(c, $"{deaf.Count} did not, first {deaf[0].Plan.Room}/{deaf[0].Plan.Name}: {deaf[0].DataMedia?.Received.Senders ?? 0} sender(s)")),
            data.Reliable
                ? new("reliable data complete and in order", data.Missing == 0 && data.OutOfOrder == 0, loss)
                : new("lossy data loss", data.LossPercent <= _options.MaxLossPercent, string.Create(c, $"{loss}; limit {_options.MaxLossPercent:0.###}%")),
            new("no data refused by the server", data.Refusals == 0,
                data.Refusals == 0 ? "none" : string.Create(c, $"{data.Refusals} refusal(s), first: {_participants.Select(p => p.DataMedia?.FirstRefusal).FirstOrDefault(t => t is not null)}")),
        ];
    }
}
