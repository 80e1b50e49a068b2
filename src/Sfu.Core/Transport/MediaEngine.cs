using System.Net;
using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Sdp;

namespace Sfu.Core.Transport;

/// <summary>
/// The media engine: one DTLS certificate, a fixed set of media workers (one thread and one UDP port each),
/// and the addresses they are announced on. Rooms and sessions are placed on a worker and live there.
/// </summary>
public sealed class MediaEngine : IDisposable
{
    private readonly MediaOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly List<MediaWorker> _workers = new();
    private int _disposed;
    private IReadOnlyList<IPAddress> _addresses = Array.Empty<IPAddress>();
    private int _next;

    public MediaEngine(MediaOptions options, ILoggerFactory loggerFactory, MediaMetrics metrics, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory;
        Metrics = metrics;
        _time = time ?? TimeProvider.System;
        Certificate = DtlsCertificate.Generate("sfu");
    }

    public DtlsCertificate Certificate { get; }

    public MediaMetrics Metrics { get; }

    public IReadOnlyList<MediaWorker> Workers => _workers;

    /// <summary>The addresses host candidates announce.</summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses => _addresses;

    /// <summary>True when every worker's socket is bound and its thread running.</summary>
    public bool IsRunning => _workers.Count > 0 && _workers.All(w => w.IsRunning);

    /// <summary>Binds the media ports and starts the workers. Throws a message naming the option to change on failure.</summary>
    public void Start()
    {
        if (_workers.Count > 0)
        {
            return;
        }

        _addresses = LocalAddresses.Resolve(_options);
        try
        {
            for (int i = 0; i < _options.EffectiveWorkers; i++)
            {
                _workers.Add(new MediaWorker(i, _options, Certificate, _loggerFactory, Metrics, _time));
            }
        }
        catch
        {
            foreach (var w in _workers)
            {
                w.Dispose();
            }

            _workers.Clear();
            throw;
        }

        foreach (var w in _workers)
        {
            w.Start();
        }
    }

    /// <summary>The worker with the fewest transports (ties broken round-robin).</summary>
    public MediaWorker SelectWorker()
    {
        if (_workers.Count == 0)
        {
            throw new InvalidOperationException("The media engine has not been started.");
        }

        int start = Interlocked.Increment(ref _next);
        MediaWorker best = _workers[(int)((uint)start % (uint)_workers.Count)];
        foreach (var w in _workers)
        {
            if (w.TransportCount < best.TransportCount)
            {
                best = w;
            }
        }

        return best;
    }

    /// <summary>Host candidates for a transport on <paramref name="worker"/>: each announced address at the worker's port.</summary>
    public IReadOnlyList<IceCandidate> GetCandidates(MediaWorker worker)
    {
        var list = new List<IceCandidate>(_addresses.Count);
        for (int i = 0; i < _addresses.Count; i++)
        {
            list.Add(IceCandidate.CreateHost(foundation: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), address: _addresses[i].ToString(), port: worker.LocalEndPoint.Port, localPreference: 65535 - i));
        }

        return list;
    }

    /// <summary>Stops the workers and frees the certificate; safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var w in _workers.ToArray())
        {
            w.Dispose();
        }

        Certificate.Dispose();
    }
}
