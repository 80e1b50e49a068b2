using Sfu.Core.Interop;
using Sfu.Core.Srtp;

namespace Sfu.Core.Dtls;

/// <summary>
/// DTLS 1.2 (RFC 6347) with the DTLS-SRTP extension (RFC 5764) for one WebRTC transport, run by the system
/// OpenSSL over memory BIOs: the caller moves UDP datagrams in (<see cref="ProcessDatagram"/>) and out
/// (<see cref="IDtlsTransportListener.OnDtlsSendDatagram"/>) and drives retransmissions with
/// <see cref="OnTimer"/> / <see cref="NextTimerMs"/>.
/// </summary>
/// <remarks>
/// <para>The OpenSSL connection, its memory BIOs and the datagrams in and out are its <see cref="DtlsRecordLayer"/>'s;
/// the transport drives the handshake, verifies the peer, exports the keys and reads records.</para>
/// <para>Not thread-safe: one media worker thread owns a transport. Network input never throws: OpenSSL
/// discards what it cannot use, and a fatal handshake error ends in <see cref="DtlsState.Failed"/>
/// (reported once through <see cref="IDtlsTransportListener.OnDtlsFailed"/>); afterwards input is ignored.</para>
/// <para>The peer is authenticated by its certificate fingerprint from the SDP (RFC 5763): any certificate is
/// accepted during the handshake, then checked against <see cref="SetRemoteFingerprint"/>. The transport only
/// becomes <see cref="DtlsState.Connected"/> (and exports keys) once both happened, in either order.</para>
/// <para>Timers: <c>nowMs</c> is the caller's monotonic clock in milliseconds. It drives
/// <see cref="DtlsOptions.HandshakeTimeout"/> and the value of <see cref="NextTimerMs"/>. OpenSSL 3.0 itself
/// measures retransmission timeouts with the system clock, so a retransmission happens when
/// <see cref="OnTimer"/> is called after that much real time has passed.</para>
/// </remarks>
public sealed unsafe partial class DtlsTransport : IDisposable
{
    private const int MaxRecordPlaintext = 16384;

    private readonly IDtlsTransportListener _listener;
    private readonly DtlsOptions _options;
    private readonly DtlsRecordLayer _records;
    private readonly SslHandle _ssl;    // owned by _records

    private DtlsFingerprint _remoteFingerprint;
    private X509Handle? _peerCertificate;
    private bool _handshakeComplete;
    private bool _disposed;
    private long _handshakeDeadlineMs = long.MaxValue;
    private long _nextTimerMs = long.MaxValue;
    private int _minimumCiphertextLength = DtlsDatagramValidator.MinimumCiphertextBeforeHandshake;

    /// <summary>Creates the transport; nothing is sent until <see cref="Start"/>.</summary>
    /// <exception cref="ObjectDisposedException">The certificate was disposed.</exception>
    /// <exception cref="InvalidOperationException">OpenSSL could not create the connection.</exception>
    public DtlsTransport(DtlsCertificate certificate, DtlsRole role, IDtlsTransportListener listener, DtlsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(listener);
        if (role is not DtlsRole.Client and not DtlsRole.Server)
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown DTLS role.");
        }

        options ??= DtlsOptions.Default;
        options.Validate();
        _options = options;
        _listener = listener;
        Role = role;

        _records = new DtlsRecordLayer(certificate.GetContext(options), role, options, listener);
        _ssl = _records.Ssl;
    }

    /// <summary>True when libssl.so.3 / libcrypto.so.3 (OpenSSL 3.0 or later) can be loaded.</summary>
    public static bool IsOpenSslAvailable => OpenSslLibrary.IsAvailable;

    /// <summary>The loaded OpenSSL version text, or the reason OpenSSL is unavailable.</summary>
    public static string OpenSslVersion => OpenSslLibrary.Description;

    public DtlsRole Role { get; }

    public DtlsState State { get; private set; }

    /// <summary>Why the transport failed, once <see cref="State"/> is <see cref="DtlsState.Failed"/>.</summary>
    public DtlsFailure? Failure { get; private set; }

    /// <summary>The negotiated SRTP profile, known once the handshake completed.</summary>
    public SrtpProfile? SelectedProfile { get; private set; }

    /// <summary>The negotiated cipher suite (OpenSSL name), known once the handshake completed.</summary>
    public string? CipherSuite { get; private set; }

    /// <summary>SHA-256 fingerprint of the certificate the peer presented (empty before the handshake completed).</summary>
    public DtlsFingerprint RemoteCertificateFingerprint { get; private set; }

    /// <summary>Datagrams discarded by <see cref="DtlsDatagramValidator"/> before reaching OpenSSL.</summary>
    public long DiscardedDatagrams { get; private set; }

    /// <summary>Why the last discarded datagram was discarded (<see cref="DtlsDatagramCheck.Valid"/> if none was).</summary>
    public DtlsDatagramCheck LastDiscardReason { get; private set; }

    /// <summary>When <see cref="OnTimer"/> should next be called (caller's clock), or <see cref="long.MaxValue"/>.</summary>
    public long NextTimerMs => _nextTimerMs;

    /// <summary>
    /// Sets the fingerprint from the peer's SDP. Required before <see cref="DtlsState.Connected"/>: if the
    /// handshake already finished, the peer is verified now (and the transport connects or fails).
    /// Setting a different fingerprint once connected fails the transport with <see cref="DtlsFailure.FingerprintMismatch"/>.
    /// </summary>
    public void SetRemoteFingerprint(DtlsFingerprint fingerprint)
    {
        if (fingerprint.IsEmpty)
        {
            throw new ArgumentException("The fingerprint is empty.", nameof(fingerprint));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        switch (State)
        {
            case DtlsState.Failed or DtlsState.Closed:
                return;
            case DtlsState.Connected:
                if (fingerprint != _remoteFingerprint)
                {
                    Fail(DtlsFailure.FingerprintMismatch, $"The remote fingerprint changed after connecting: was {_remoteFingerprint}, now {fingerprint}.");
                }

                return;
        }

        _remoteFingerprint = fingerprint;
        if (_handshakeComplete)
        {
            VerifyPeerAndConnect();
            if (!_disposed && State == DtlsState.Connected)
            {
                _nextTimerMs = long.MaxValue;
            }
        }
    }

    /// <summary>
    /// Starts the handshake: the client sends its ClientHello; the server waits for one. The handshake timeout
    /// counts from here. (A server that receives a datagram before <see cref="Start"/> starts implicitly.)
    /// </summary>
    public void Start(long nowMs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (State != DtlsState.New)
        {
            throw new InvalidOperationException($"Start was already called (state {State}).");
        }

        BeginHandshake(nowMs);
        UpdateTimer(nowMs);
    }

    /// <summary>
    /// Feeds one received UDP datagram (DTLS records; the caller demultiplexes first, RFC 7983). Never throws on
    /// bad input: datagrams that are not well-formed records are discarded (<see cref="DiscardedDatagrams"/>),
    /// the rest goes to OpenSSL, which drops what it cannot authenticate and fails the handshake only on
    /// well-formed but wrong handshake messages. Ignored before <see cref="Start"/> for a client, and after the
    /// transport failed or closed.
    /// </summary>
    public void ProcessDatagram(ReadOnlySpan<byte> datagram, long nowMs)
    {
        if (_disposed || State is DtlsState.Failed or DtlsState.Closed)
        {
            return;
        }

        DtlsDatagramCheck check = DtlsDatagramValidator.Check(datagram, _minimumCiphertextLength);
        if (check != DtlsDatagramCheck.Valid)
        {
            DiscardedDatagrams++;
            LastDiscardReason = check;
            return;
        }

        if (State == DtlsState.New)
        {
            if (Role == DtlsRole.Client)
            {
                return;
            }

            BeginHandshake(nowMs);
        }

        if (!_records.Receive(datagram))
        {
            _records.DiscardUnread();
            return;
        }

        if (!_handshakeComplete)
        {
            DriveHandshake();
        }

        if (!_disposed && _handshakeComplete && State is DtlsState.Connecting or DtlsState.Connected)
        {
            ReadRecords();
        }

        if (!_disposed)
        {
            // Whatever OpenSSL left unread (a packet it discarded part of) must not prefix the next datagram.
            _records.DiscardUnread();
            UpdateTimer(nowMs);
            ReleaseBuffers();
        }
    }

    /// <summary>
    /// Runs due timers: fails with <see cref="DtlsFailure.Timeout"/> once the handshake timeout passed, and
    /// lets OpenSSL retransmit the last flight when its retransmission timer expired.
    /// </summary>
    public void OnTimer(long nowMs)
    {
        if (_disposed || State is not (DtlsState.Connecting or DtlsState.Connected))
        {
            return;
        }

        if (State == DtlsState.Connecting && nowMs >= _handshakeDeadlineMs)
        {
            Fail(
                DtlsFailure.Timeout,
                _handshakeComplete
                    ? $"The handshake completed but the remote fingerprint was not set within {_options.HandshakeTimeout}."
                    : $"The handshake did not complete within {_options.HandshakeTimeout}.");
            return;
        }

        if (!_records.AcquireBuffers())
        {
            return;
        }

        OpenSslErrorQueue.Clear();
        nint result = LibSsl.SSL_ctrl(_ssl, LibSsl.DtlsCtrlHandleTimeout, 0, IntPtr.Zero);
        string? detail = result < 0 ? OpenSslErrorQueue.Drain() : null;
        _records.FlushOutgoing();
        if (_disposed)
        {
            return;
        }

        if (detail is not null)
        {
            Fail(DtlsFailure.Timeout, $"OpenSSL stopped retransmitting: {detail}");
            return;
        }

        UpdateTimer(nowMs);
        ReleaseBuffers();
    }

    /// <summary>
    /// Encrypts <paramref name="data"/> as one application-data record and sends it. Returns false when not
    /// connected, when <paramref name="data"/> is empty or larger than 16384 bytes, or when OpenSSL refuses it.
    /// </summary>
    public bool SendApplicationData(ReadOnlySpan<byte> data)
    {
        if (_disposed || State != DtlsState.Connected || data.IsEmpty || data.Length > MaxRecordPlaintext || !_records.AcquireBuffers())
        {
            return false;
        }

        OpenSslErrorQueue.Clear();
        int written;
        fixed (byte* plain = data)
        {
            written = LibSsl.SSL_write(_ssl, plain, data.Length);
        }

        if (written <= 0)
        {
            OpenSslErrorQueue.Clear();
        }

        _records.FlushOutgoing();
        if (!_disposed)
        {
            ReleaseBuffers();
        }

        return written == data.Length;
    }

    /// <summary>
    /// Sends close_notify (if the handshake completed) and moves to <see cref="DtlsState.Closed"/>. Does not call
    /// <see cref="IDtlsTransportListener.OnDtlsClosed"/>. No effect once failed or closed.
    /// </summary>
    public void Close()
    {
        if (_disposed || State is DtlsState.Failed or DtlsState.Closed)
        {
            return;
        }

        if (TrySendCloseNotify())
        {
            EnterTerminalState(DtlsState.Closed);
        }
    }

    /// <summary>Frees the OpenSSL connection. Sends nothing (call <see cref="Close"/> first for close_notify).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (State is not (DtlsState.Failed or DtlsState.Closed))
        {
            State = DtlsState.Closed;
        }

        _nextTimerMs = long.MaxValue;
        _peerCertificate?.Dispose();
        _peerCertificate = null;
        _records.Dispose();
    }
}
