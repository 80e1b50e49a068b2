using System.Net;
using System.Net.Sockets;
using Sfu.Core.Dtls;
using Sfu.Load.Auth;
using Sfu.Load.Cli;
using Sfu.Load.Media;
using Sfu.Load.Reporting;
using Sfu.Load.Sdp;

namespace Sfu.Load.Run;

/// <summary>
/// Runs one load test: joins the planned participants at the ramp rate (publishers first), waits until their media
/// is connected, lets it settle, measures for <see cref="LoadOptions.Duration"/>, leaves, and checks the result.
/// A progress line is written every second. The data scenario first measures the server idle for the settle time,
/// then starts the senders, settles again and measures (<c>LoadRunner.Data.cs</c>).
/// </summary>
public sealed partial class LoadRunner
{
    private readonly LoadOptions _options;
    private readonly TextWriter _output;
    private readonly List<LoadParticipant> _participants = [];
    private readonly ProcessSampler? _server;
    private readonly ProcessSampler _tool = new(Environment.ProcessId);
    private long _serverPeakRss;
    private long _startUs;

    public LoadRunner(LoadOptions options, TextWriter output)
    {
        _options = options;
        _output = output;
        _server = options.ServerPid is int pid ? new ProcessSampler(pid) : null;
    }

    /// <summary>Runs the test and returns its result (never throws for a failing server: that is a failed check).</summary>
    public async Task<LoadResult> RunAsync(CancellationToken cancellation)
    {
        if (!DtlsTransport.IsOpenSslAvailable)
        {
            throw new InvalidOperationException("OpenSSL 3 (libssl.so.3) is needed for DTLS: " + DtlsTransport.OpenSslVersion);
        }

        if (_server is not null && _server.TrySample() is null)
        {
            throw new InvalidOperationException($"No process {_server.Pid} to sample (--server-pid): /proc/{_server.Pid}/stat cannot be read.");
        }

        var plans = ScenarioPlanner.Plan(_options);
        var picker = new CandidatePicker(await ResolveAsync(_options.Url, cancellation), _options.MediaAddress);
        var tokens = new JoinTokenSource(_options.Token, _options.ApiKey, _options.ApiSecret);
        using var certificate = DtlsCertificate.Generate("sfu-load");
        var loops = Enumerable.Range(0, _options.Threads).Select(i => new MediaLoop($"sfu-load-media-{i}", _options.BatchScheduling)).ToArray();
        try
        {
            for (int i = 0; i < plans.Count; i++)
            {
                _participants.Add(new LoadParticipant(plans[i], _options, loops[i % loops.Length], certificate, picker, tokens));
            }

            _startUs = MediaClock.NowMicroseconds();
            var serverBefore = _server?.TrySample();
            using var progressStop = new CancellationTokenSource();
            var progress = Task.Run(() => ReportProgressAsync(progressStop.Token), CancellationToken.None);

            // Ramp: one join every 1/ramp seconds, each bounded by the connect timeout.
            var joins = new List<Task>(_participants.Count);
            for (int i = 0; i < _participants.Count && !cancellation.IsCancellationRequested; i++)
            {
                long due = _startUs + (long)(i * 1_000_000 / _options.Ramp);
                long wait = due - MediaClock.NowMicroseconds();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMicroseconds(wait), cancellation).ConfigureAwait(false);
                }

                joins.Add(JoinWithTimeoutAsync(_participants[i], cancellation));
            }

            await Task.WhenAll(joins).ConfigureAwait(false);
            await WaitForMediaAsync(cancellation).ConfigureAwait(false);
            double rampSeconds = (MediaClock.NowMicroseconds() - _startUs) / 1e6;
            using var metrics = _options.IsData ? new ServerMetricsReader(_options.Url) : null;
            DataWindow? idle = null;
            if (metrics is not null)
            {
                idle = await MeasureIdleDataAsync(metrics, cancellation).ConfigureAwait(false);
                StartDataSenders();
            }

            await Task.Delay(_options.Settle, cancellation).ConfigureAwait(false);

            long? allocatedStart = metrics is null ? null : await metrics.TryReadAllocatedBytesAsync(cancellation).ConfigureAwait(false);
            var serverAfterRamp = _server?.TrySample();
            var totalsStart = LoadTotals.Collect(_participants);
            var dataStart = metrics is null ? null : DataTotals.Collect(_participants);
            var toolStart = _tool.TrySample();
            await Task.Delay(_options.Duration, cancellation).ConfigureAwait(false);
            var serverEnd = _server?.TrySample();
            var totalsEnd = LoadTotals.Collect(_participants);
            var dataEnd = metrics is null ? null : DataTotals.Collect(_participants);
            var toolEnd = _tool.TrySample();
            long? allocatedEnd = metrics is null ? null : await metrics.TryReadAllocatedBytesAsync(cancellation).ConfigureAwait(false);

            progressStop.Cancel();
            await progress.ConfigureAwait(false);
            var data = idle is not null
                ? BuildDataResult(idle, dataStart!, dataEnd!, new DataWindow(totalsStart.AtUs, totalsEnd.AtUs, serverAfterRamp, serverEnd, allocatedStart, allocatedEnd))
                : null;
            var result = BuildResult(rampSeconds, serverBefore, serverAfterRamp, serverEnd, totalsStart, totalsEnd, toolStart, toolEnd, loops, data);
            await LeaveAllAsync().ConfigureAwait(false);
            return result;
        }
        finally
        {
            foreach (var loop in loops)
            {
                loop.Dispose();
            }
        }
    }

    private async Task JoinWithTimeoutAsync(LoadParticipant participant, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.ConnectTimeout);
        await participant.JoinAsync(timeout.Token).ConfigureAwait(false);
    }

    private async Task WaitForMediaAsync(CancellationToken cancellation)
    {
        long deadline = Environment.TickCount64 + (long)_options.ConnectTimeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline && !cancellation.IsCancellationRequested)
        {
            if (_participants.All(p => p.Phase != ParticipantPhase.Joined || p.MediaConnected || p.PeerFailure is not null))
            {
                return;
            }

            await Task.Delay(100, cancellation).ConfigureAwait(false);
        }
    }

    private async Task ReportProgressAsync(CancellationToken stop)
    {
        var previous = LoadTotals.Collect(_participants);
        var serverPrevious = _server?.TrySample();
        var toolPrevious = _tool.TrySample();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(1000, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = LoadTotals.Collect(_participants);
            var server = _server?.TrySample();
            var tool = _tool.TrySample();
            if (server is { } s)
            {
                _serverPeakRss = Math.Max(_serverPeakRss, s.RssBytes);
            }

            if (!_options.Quiet)
            {
                double elapsed = (now.AtUs - _startUs) / 1e6;
                await _output.WriteLineAsync(ProgressLine.Format(elapsed, _participants.Count, now, previous, server, serverPrevious, tool, toolPrevious)).ConfigureAwait(false);
            }

            previous = now;
            serverPrevious = server;
            toolPrevious = tool;
        }
    }

    private async Task LeaveAllAsync()
    {
        // Leave in parallel batches: hundreds of hub calls at once would only queue on the server.
        foreach (var batch in _participants.AsEnumerable().Reverse().Chunk(50))
        {
            await Task.WhenAll(batch.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    private static async Task<IPAddress?> ResolveAsync(Uri url, CancellationToken cancellation)
    {
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal))
        {
            return literal;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.Host, cancellation).ConfigureAwait(false);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"Cannot resolve {url.Host}: {e.Message}", e);
        }
    }
}
