using System.Net;
using Microsoft.Extensions.Logging;
using Sfu.Core.Diagnostics;
using Sfu.Core.Dtls;
using Sfu.Core.Ice;
using Sfu.Core.Net;
using Sfu.Core.Rtp;
using Sfu.Core.Srtp;

namespace Sfu.Core.Transport;

/// <summary>
/// One peer's WebRTC transport on one media worker: ICE-lite, then DTLS, then SRTP/SRTCP over a single
/// bundled, rtcp-muxed 5-tuple. Owned by its worker's thread; nothing here is thread-safe, nothing locks.
/// </summary>
public sealed partial class WebRtcTransport : IDtlsTransportListener, IRtpPacketSink, IDisposable
{
    /// <summary>Validated remote addresses kept per transport (each is an entry in the worker's address map).</summary>
    internal const int MaxRemoteAddresses = 8;

    private readonly MediaWorker _worker;
    private readonly IWebRtcTransportListener _listener;
    private readonly IceLiteAgent _ice;
    private readonly int _dtlsMtu;
    private DtlsTransport? _dtls;
    private readonly ILogger _logger;
    private readonly MediaMetrics _metrics;
    private DtlsRole _dtlsRole;
    private SrtpContext? _srtpIn;
    private SrtpContext? _srtpOut;
    private SocketAddress? _dtlsRemote;
    private bool _dtlsStarted;
    private EarlyDtlsDatagrams? _earlyDtls;

    internal WebRtcTransport(string id, MediaWorker worker, WebRtcTransportOptions options, IWebRtcTransportListener listener, ILogger logger, MediaMetrics metrics, TimeSpan consentTimeout, int dtlsMtu)
    {
        Id = id;
        Name = options.Name ?? id;
        _worker = worker;
        _listener = listener;
        _logger = logger;
        _metrics = metrics;
        _dtlsMtu = dtlsMtu;
        LocalIce = options.LocalIce;
        _ice = new IceLiteAgent(options.LocalIce, consentTimeout);
        if (options.DtlsRole is { } role && options.RemoteFingerprint is { } fingerprint)
        {
            ConfigureDtls(role, fingerprint);
        }
        _metrics.TransportOpened();
    }

    public string Id { get; }

    public string Name { get; }

    public MediaWorker Worker => _worker;

    public IceCredentials LocalIce { get; private set; }

    public WebRtcTransportState State { get; private set; } = WebRtcTransportState.New;

    /// <summary>
    /// True once the peer closed the DTLS association (close_notify, sent when a browser closes its peer connection):
    /// the peer said goodbye. A transport closed by <see cref="Close"/> alone, or that lost ICE consent, has it false.
    /// </summary>
    public bool ClosedByPeer { get; private set; }

    public SrtpProfile? SrtpProfile => _srtpOut is null ? null : _dtls?.SelectedProfile;

    /// <summary>True once the DTLS role and the peer's fingerprint are known.</summary>
    public bool IsDtlsConfigured => _dtls is not null;

    /// <summary>
    /// Sets the DTLS role and the peer's certificate fingerprint, when the transport was created before the
    /// peer's answer (a server offer). DTLS the peer sent before this (its ClientHello, when the answer was slower
    /// than its ICE check) was kept and is handled now (<see cref="EarlyDtlsDatagrams"/>).
    /// </summary>
    public void ConfigureDtls(DtlsRole role, DtlsFingerprint remoteFingerprint)
    {
        if (_dtls is not null)
        {
            _dtls.SetRemoteFingerprint(remoteFingerprint);
            return;
        }

        _dtlsRole = role;
        _dtls = new DtlsTransport(_worker.Certificate, role, this, new DtlsOptions { Mtu = _dtlsMtu });
        _dtls.SetRemoteFingerprint(remoteFingerprint);
        if (State != WebRtcTransportState.New)
        {
            StartDtlsIfClient(_worker.NowMs);
        }

        HandleEarlyDtls(_worker.NowMs);
    }

    /// <summary>DTLS datagrams kept from before <see cref="ConfigureDtls"/> (for tests).</summary>
    internal int EarlyDtlsDatagramCount => _earlyDtls?.Count ?? 0;

    /// <summary>The address media is sent to: the ICE-nominated one, else the one DTLS came from.</summary>
    public SocketAddress? RemoteAddress => _ice.SelectedRemote ?? _dtlsRemote;

    /// <summary>Validated remote addresses registered with the worker, oldest first.</summary>
    internal List<SocketAddress> BoundAddresses { get; } = new(MaxRemoteAddresses);

    /// <summary>Begins an ICE restart: checks must name the new ufrag from now on.</summary>
    public void RestartIce(IceCredentials credentials)
    {
        _worker.AssertOnWorkerThread();
        _worker.RebindUfrag(this, LocalIce.Ufrag, credentials.Ufrag);
        LocalIce = credentials;
        _ice.Restart(credentials);
    }

    internal IceCheckOutcome HandleStun(in StunMessage message, SocketAddress remote, long nowMs, Span<byte> response, out int responseLength)
    {
        var outcome = _ice.ProcessBindingRequest(message, remote, nowMs, response, out responseLength);
        if (outcome is IceCheckOutcome.Accepted or IceCheckOutcome.AcceptedAndNominated or IceCheckOutcome.SelectedAddressChanged)
        {
            if (State == WebRtcTransportState.New)
            {
                SetState(WebRtcTransportState.Connecting);
                StartDtlsIfClient(nowMs);
            }
            else if (State == WebRtcTransportState.Disconnected)
            {
                SetState(_srtpOut is null ? WebRtcTransportState.Connecting : WebRtcTransportState.Connected);
            }
        }

        return outcome;
    }

    internal void HandleDtls(ReadOnlySpan<byte> datagram, SocketAddress remote, long nowMs)
    {
        if (State is WebRtcTransportState.Failed or WebRtcTransportState.Closed)
        {
            _metrics.Dropped(DropReason.DtlsRejected);
            return;
        }

        // Chromium's ClientHello arrives 1-2 ms after its first check, before nomination: any
        // address that passed a check may speak DTLS, and replies go back to it.
        if (_dtlsRemote is null || !SocketAddressExtensions.ContentEquals(_dtlsRemote, remote))
        {
            _dtlsRemote = remote.Clone();
        }

        if (_dtls is null)
        {
            // Before the answer: kept until it comes (bounded), then handled.
            _earlyDtls ??= new EarlyDtlsDatagrams();
            if (!_earlyDtls.TryAdd(datagram))
            {
                _metrics.Dropped(DropReason.NotConnected);
            }

            return;
        }

        _metrics.DtlsReceived(datagram.Length);
        _dtls.ProcessDatagram(datagram, nowMs);
    }

    /// <summary>Handles the DTLS datagrams kept from before <see cref="ConfigureDtls"/>, oldest first.</summary>
    private void HandleEarlyDtls(long nowMs)
    {
        if (_earlyDtls is not { Count: > 0 } early || _dtls is null)
        {
            return;
        }

        for (int i = 0; i < early.Count && State is not (WebRtcTransportState.Failed or WebRtcTransportState.Closed); i++)
        {
            _metrics.DtlsReceived(early[i].Length);
            _dtls.ProcessDatagram(early[i], nowMs);
        }

        early.Clear();
        _earlyDtls = null;
    }

    internal void HandleSrtp(Span<byte> buffer, int length, bool isRtcp)
    {
        if (_srtpIn is null)
        {
            _metrics.Dropped(DropReason.NotConnected);
            return;
        }

        var packet = buffer[..length];
        if (isRtcp)
        {
            var err = _srtpIn.UnprotectRtcp(packet, out int plain);
            if (err != SrtpError.Ok)
            {
                DropSrtp(err);
                return;
            }

            _metrics.RtcpReceived(length);
            _listener.OnRtcpPacket(this, buffer[..plain]);
        }
        else
        {
            var err = _srtpIn.UnprotectRtp(packet, out int plain);
            if (err != SrtpError.Ok)
            {
                DropSrtp(err);
                return;
            }

            if (RtpHeader.TryParse(buffer[..plain], out var header) != RtpParseError.None)
            {
                _metrics.Dropped(DropReason.MalformedRtp);
                return;
            }

            _metrics.RtpReceived(length);
            _listener.OnRtpPacket(this, buffer, plain, header);
        }
    }

    private void DropSrtp(SrtpError err)
    {
        var reason = err switch
        {
            SrtpError.AuthenticationFailed => DropReason.SrtpAuthFailed,
            SrtpError.ReplayDuplicate or SrtpError.ReplayTooOld => DropReason.SrtpReplay,
            _ => DropReason.SrtpOther,
        };
        _metrics.Dropped(reason);
        _worker.LogDrop(reason, err.ToString(), RemoteAddress);
    }

    /// <summary>
    /// Protects and sends an RTP packet. <paramref name="buffer"/> holds the plain packet in its first
    /// <paramref name="length"/> bytes and must have room for the SRTP tag after it; it is protected in place and
    /// copied into the worker's send batch, so the caller may reuse it when this returns. Returns false (counted in
    /// <c>sfu.media.send_failed</c>) when not connected or SRTP refuses the packet.
    /// </summary>
    public bool SendRtp(Span<byte> buffer, int length)
    {
        var remote = RemoteAddress;
        if (_srtpOut is null || remote is null || State != WebRtcTransportState.Connected)
        {
            _worker.SendFailed(SendFailure.NotConnected, NotConnectedDetail, remote);
            return false;
        }

        var error = _srtpOut.ProtectRtp(buffer, length, out int n);
        if (error != SrtpError.Ok)
        {
            _worker.SendFailed(SendFailureOf(error), error.ToString(), remote);
            return false;
        }

        _worker.Send(buffer[..n], remote, PacketKind.Rtp);
        return true;
    }

    /// <summary>Protects and sends an RTCP compound packet; the buffer needs room for the SRTCP index and tag.</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        var remote = RemoteAddress;
        if (_srtpOut is null || remote is null || State != WebRtcTransportState.Connected)
        {
            _worker.SendFailed(SendFailure.NotConnected, NotConnectedDetail, remote);
            return false;
        }

        var error = _srtpOut.ProtectRtcp(buffer, length, out int n);
        if (error != SrtpError.Ok)
        {
            _worker.SendFailed(SendFailureOf(error), error.ToString(), remote);
            return false;
        }

        _worker.Send(buffer[..n], remote, PacketKind.Rtcp);
        return true;
    }

    private const string NotConnectedDetail = "no SRTP keys or remote address yet, or not in the Connected state";

    /// <summary>The <c>sfu.media.send_failed</c> reason of an SRTP protect error.</summary>
    internal static SendFailure SendFailureOf(SrtpError error) =>
        error == SrtpError.TooManySsrcs ? SendFailure.TooManySsrcs : SendFailure.SrtpError;

    internal void Tick(long nowMs)
    {
        if (State is WebRtcTransportState.Closed or WebRtcTransportState.Failed)
        {
            return;
        }

        if (_dtls is not null && nowMs >= _dtls.NextTimerMs)
        {
            _dtls.OnTimer(nowMs);
        }

        TickDataChannels(nowMs);

        var ice = _ice.Tick(nowMs);
        if (ice == IceState.Disconnected && State is WebRtcTransportState.Connected or WebRtcTransportState.Connecting)
        {
            _metrics.IceConsentExpired();
            SetState(WebRtcTransportState.Disconnected);
        }
    }

    private void StartDtlsIfClient(long nowMs)
    {
        if (!_dtlsStarted && _dtls is not null && _dtlsRole == DtlsRole.Client)
        {
            _dtlsStarted = true;
            _dtls.Start(nowMs);
        }
    }

    private void SetState(WebRtcTransportState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        Log.TransportState(_logger, Name, state.ToString());
        _listener.OnTransportStateChanged(this, state);
    }

    /// <summary>Closes the transport (sends DTLS close_notify) and frees it. Runs on the worker thread.</summary>
    public void Close()
    {
        if (_disposed)
        {
            return;
        }

        if (_dtls?.State == DtlsState.Connected)
        {
            _dataChannels?.Abort();
            _dtls.Close();
        }

        _ice.Close();
        SetState(WebRtcTransportState.Closed);
        _worker.Unregister(this);
        Dispose();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _earlyDtls?.Clear();
        _dtls?.Dispose();
        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
        _metrics.TransportClosed();
    }

    private bool _disposed;
}
