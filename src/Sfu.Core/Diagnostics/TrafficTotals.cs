namespace Sfu.Core.Diagnostics;

/// <summary>
/// Packet and byte totals of the media path, counted per thread in plain arrays (each media worker writes only its
/// own, with no interlocked operation and no metrics-listener dispatch per packet) and summed when metrics are
/// collected. A collection may read a total a packet or two behind, which a counter tolerates. Totals of a thread
/// that exits may leave with it once the runtime cleans up after it (media workers live as long as the engine);
/// Prometheus reads that as a counter reset.
/// </summary>
internal sealed class TrafficTotals : IDisposable
{
    /// <summary>Slots, each a packet count followed by its byte count.</summary>
    public const int RtpIn = 0, RtcpIn = 2, StunIn = 4, DtlsIn = 6, RtpOut = 8, RtcpOut = 10, StunOut = 12, DtlsOut = 14,
        AudioIn = 16, VideoIn = 18, AudioForwarded = 20, VideoForwarded = 22, Count = 24;

    private readonly ThreadLocal<long[]> _perThread = new(() => new long[Count], trackAllValues: true);

    /// <summary>Counts one packet of <paramref name="bytes"/> in <paramref name="slot"/>.</summary>
    public void Add(int slot, int bytes)
    {
        long[] totals = _perThread.Value!;
        totals[slot]++;
        totals[slot + 1] += bytes;
    }

    /// <summary>The sum over every thread of one slot's value (packets at <c>slot</c>, bytes at <c>slot + 1</c>).</summary>
    public long Sum(int index)
    {
        long sum = 0;
        foreach (var totals in _perThread.Values)
        {
            sum += Volatile.Read(ref totals[index]);
        }

        return sum;
    }

    public void Dispose() => _perThread.Dispose();
}
