using System.Globalization;

namespace Sfu.Load.Reporting;

/// <summary>
/// Reads one counter from the server's <c>/metrics</c> (the Prometheus text format): the managed bytes the server
/// process allocated so far, <c>dotnet_gc_heap_total_allocated_bytes_total</c> (the runtime's
/// <c>dotnet.gc.heap.total_allocated</c>), whose difference over a window divided by the messages relayed in it is the
/// server's allocation per message.
/// </summary>
public sealed class ServerMetricsReader : IDisposable
{
    /// <summary>The counter of bytes allocated on the managed heap.</summary>
    public const string AllocatedBytesMetric = "dotnet_gc_heap_total_allocated_bytes_total";

    private readonly HttpClient _http;
    private readonly Uri _metrics;

    public ServerMetricsReader(Uri server)
    {
        _metrics = new Uri(server, "metrics");
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The server's allocated bytes now, or null when <c>/metrics</c> cannot be read or lacks the counter.</summary>
    public async Task<long?> TryReadAllocatedBytesAsync(CancellationToken cancellation)
    {
        try
        {
            string text = await _http.GetStringAsync(_metrics, cancellation).ConfigureAwait(false);
            return TryParse(text, AllocatedBytesMetric);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// The value of the first sample of <paramref name="metric"/> (with or without labels) in Prometheus text, or
    /// null when there is none.
    /// </summary>
    public static long? TryParse(string text, string metric)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length || line[metric.Length] is not (' ' or '{'))
            {
                continue;
            }

            var rest = line[metric.Length..];
            if (rest[0] == '{')
            {
                int close = rest.IndexOf('}');
                if (close < 0)
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }

            rest = rest.TrimStart(' ');
            int space = rest.IndexOf(' ');
            var value = space < 0 ? rest : rest[..space];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
            {
                return (long)number;
            }
        }

        return null;
    }

    public void Dispose() => _http.Dispose();
}
