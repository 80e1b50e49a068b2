using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;

namespace Sfu.Core.Echo;

/// <summary>
/// Creates and tracks echo-test sessions: answers a browser's offer with an ICE-lite, DTLS-passive,
/// sendrecv answer and places the session on a media worker. Sessions end when the browser leaves
/// (consent lapses), DTLS fails, nobody connects within the setup timeout, or on request.
/// </summary>
public sealed class EchoService : IDisposable
{
    private readonly MediaEngine _engine;
    private readonly ILogger<EchoService> _logger;
    private readonly ConcurrentDictionary<string, EchoSession> _sessions = new(StringComparer.Ordinal);
    private readonly Timer _sweeper;

    public EchoService(MediaEngine engine, ILogger<EchoService> logger)
    {
        _engine = engine;
        _logger = logger;
        _sweeper = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    /// <summary>At most this many echo sessions at once (a diagnostic must not become a load vector).</summary>
    public int MaxSessions { get; init; } = 100;

    /// <summary>How long a session may wait for the browser's first ICE check and DTLS handshake.</summary>
    public TimeSpan SetupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int Count => _sessions.Count;

    public bool TryGet(string id, out EchoSession? session) => _sessions.TryGetValue(id, out session);

    /// <summary>The ids of the sessions alive now.</summary>
    public IReadOnlyCollection<string> SessionIds => _sessions.Keys.ToList();

    public async Task<EchoAnswer> CreateAsync(string offerSdp, CancellationToken cancellationToken = default)
    {
        if (_sessions.Count >= MaxSessions)
        {
            throw new EchoNegotiationException($"Too many echo sessions ({MaxSessions}); close some or try again later.");
        }

        if (!SdpParser.TryParse(offerSdp, out var offer, out var error) || offer is null)
        {
            throw new EchoNegotiationException($"The offer is not valid SDP: {error}");
        }

        var worker = _engine.SelectWorker();
        var ice = IceCredentials.Generate();
        var options = new AnswerOptions
        {
            IceUfrag = ice.Ufrag,
            IcePwd = ice.Password,
            Fingerprint = SdpFingerprints.ToSdp(_engine.Certificate.Fingerprint),
            DirectionSelector = _ => MediaDirection.SendRecv,
        };
        options.Candidates.AddRange(_engine.GetCandidates(worker));
        foreach (var m in offer.Media)
        {
            if ((m.Kind == MediaKinds.Audio || m.Kind == MediaKinds.Video) && m.Mid is { } mid)
            {
                options.LocalSend[mid] = new LocalSendParameters
                {
                    Ssrc = RandomSsrc(),
                    Cname = "sfu-echo",
                    StreamId = "sfu-echo",
                    TrackId = "echo-" + mid,
                };
            }
        }

        var result = SdpNegotiator.CreateAnswer(offer, options);
        if (!SdpFingerprints.TryPick(result.RemoteFingerprints, out var remoteFingerprint))
        {
            throw new EchoNegotiationException(SdpFingerprints.MissingMessage);
        }
        var accepted = result.Media.Where(m => m.Accepted && m.Mid is not null && (m.Kind == MediaKinds.Audio || m.Kind == MediaKinds.Video)).ToList();
        if (accepted.Count == 0)
        {
            var reasons = string.Join("; ", result.Media.Select(m => $"mid {m.Mid}: {m.RejectReason}"));
            throw new EchoNegotiationException($"No audio or video m-section could be accepted ({reasons}).");
        }

        var streams = accepted.Select(m => new EchoStream(
            m.Mid!,
            m.Kind,
            options.LocalSend[m.Mid!].Ssrc,
            Encoding.ASCII.GetBytes(m.Mid!),
            m.HeaderExtensionId(RtpHeaderExtensionUri.Mid) ?? 0,
            m.Codecs.Where(c => c.RtxPayloadType is not null).Select(c => c.RtxPayloadType!.Value).ToArray())).ToArray();
        var declared = new Dictionary<uint, string>();
        foreach (var m in accepted)
        {
            foreach (var ssrc in m.RemoteSsrcs)
            {
                declared[ssrc] = m.Mid!;
            }
        }

        // Transport-cc feedback when the browser offered it (the extension, and the feedback on a codec).
        int transportCcId = accepted
            .Where(m => m.Codecs.Any(c => (c.Feedback & RtcpFeedbackFlags.TransportCc) != 0))
            .Select(m => m.HeaderExtensionId(RtpHeaderExtensionUri.TransportWideCc) ?? 0)
            .FirstOrDefault(id => id != 0);
        var role = result.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server;
        var id = Guid.NewGuid().ToString("N")[..16];
        var session = await worker.InvokeAsync(() =>
        {
            var s = new EchoSession(id, streams, declared, _engine.Metrics, OnClosed, worker.NowMs, transportCcId);
            var transport = worker.CreateTransport(
                new WebRtcTransportOptions { LocalIce = ice, DtlsRole = role, RemoteFingerprint = remoteFingerprint, Name = "echo-" + id },
                s);
            s.Attach(transport);
            return s;
        }).WaitAsync(cancellationToken).ConfigureAwait(false);

        _sessions[id] = session;
        EchoLog.SessionCreated(_logger, id, worker.Id, accepted.Count);
        return new EchoAnswer(id, SdpWriter.Write(result.Answer));
    }

    /// <summary>Closes a session; false when there is no such session.</summary>
    public bool Close(string id)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Transport is null)
        {
            return false;
        }

        session.Transport.Worker.Post(session.Close);
        return true;
    }

    private void OnClosed(EchoSession session)
    {
        if (_sessions.TryRemove(session.Id, out _))
        {
            EchoLog.SessionClosed(_logger, session.Id);
        }
    }

    private void Sweep()
    {
        foreach (var s in _sessions.Values)
        {
            if (s.Transport is { } t && t.State is WebRtcTransportState.New or WebRtcTransportState.Connecting)
            {
                var w = t.Worker;
                if (w.NowMs - s.CreatedMs > SetupTimeout.TotalMilliseconds)
                {
                    w.Post(s.Close);
                }
            }
        }
    }

    private static uint RandomSsrc()
    {
        Span<byte> b = stackalloc byte[4];
        RandomNumberGenerator.Fill(b);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b) | 1;
    }

    public void Dispose() => _sweeper.Dispose();
}
