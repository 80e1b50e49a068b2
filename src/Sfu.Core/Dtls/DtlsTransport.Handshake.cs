using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sfu.Core.Interop;
using Sfu.Core.Srtp;

namespace Sfu.Core.Dtls;

/// <summary>Handshake, peer verification, key export and timers.</summary>
public sealed unsafe partial class DtlsTransport
{
    /// <summary>RFC 5764 section 4.2 exporter label.</summary>
    private static ReadOnlySpan<byte> ExporterLabel => "EXTRACTOR-dtls_srtp"u8;

    /// <summary>Largest exporter output: AEAD_AES_256_GCM, 2 × (32 + 12).</summary>
    private const int MaxKeyingMaterialLength = 88;

    private void BeginHandshake(long nowMs)
    {
        State = DtlsState.Connecting;
        long timeoutMs = (long)_options.HandshakeTimeout.TotalMilliseconds;
        _handshakeDeadlineMs = nowMs > long.MaxValue - timeoutMs ? long.MaxValue : nowMs + timeoutMs;
        if (Role == DtlsRole.Client)
        {
            DriveHandshake();
        }
    }

    /// <summary>Runs SSL_do_handshake on what is buffered, sends what it wrote, and handles completion or failure.</summary>
    private void DriveHandshake()
    {
        OpenSslErrorQueue.Clear();
        int result = LibSsl.SSL_do_handshake(_ssl);
        int error = result == 1 ? LibSsl.SslErrorNone : LibSsl.SSL_get_error(_ssl, result);
        string? detail = error is LibSsl.SslErrorSsl or LibSsl.SslErrorSyscall ? OpenSslErrorQueue.Drain() : null;

        _records.FlushOutgoing(); // also carries a fatal alert out before we report the failure
        if (_disposed)
        {
            return;
        }

        switch (error)
        {
            case LibSsl.SslErrorNone:
                CompleteHandshake();
                break;
            case LibSsl.SslErrorWantRead or LibSsl.SslErrorWantWrite:
                break;
            case LibSsl.SslErrorZeroReturn:
                OnPeerClosed();
                break;
            default:
                Fail(DtlsFailure.HandshakeFailed, detail ?? $"SSL_do_handshake failed with SSL_get_error {error}.");
                break;
        }
    }

    private void CompleteHandshake()
    {
        _handshakeComplete = true;

        X509Handle peer = LibSsl.SSL_get1_peer_certificate(_ssl);
        if (peer.IsInvalid)
        {
            peer.Dispose();
            Fail(DtlsFailure.NoPeerCertificate, "The handshake completed without a peer certificate.");
            return;
        }

        _peerCertificate = peer;
        RemoteCertificateFingerprint = DtlsCertificate.ComputeFingerprint(peer, DtlsFingerprint.Sha256);
        CipherSuite = Marshal.PtrToStringUTF8(LibSsl.SSL_CIPHER_get_name(LibSsl.SSL_get_current_cipher(_ssl)));
        _minimumCiphertextLength = DtlsDatagramValidator.MinimumCiphertextLength(CipherSuite);

        IntPtr profile = LibSsl.SSL_get_selected_srtp_profile(_ssl);
        if (profile == IntPtr.Zero)
        {
            Fail(DtlsFailure.NoSrtpProfile, "The peer did not negotiate the use_srtp extension.");
            return;
        }

        // SRTP_PROTECTION_PROFILE { const char *name; unsigned long id; }
        nuint id = *(nuint*)((byte*)profile + IntPtr.Size);
        if (!IsOffered(id))
        {
            Fail(DtlsFailure.NoSrtpProfile, $"The negotiated SRTP profile 0x{(ulong)id:X4} is not one we offered.");
            return;
        }

        SelectedProfile = (SrtpProfile)(int)id;
        if (!_remoteFingerprint.IsEmpty)
        {
            VerifyPeerAndConnect();
        }
    }

    private bool IsOffered(nuint id)
    {
        IReadOnlyList<SrtpProfile> offered = _options.SrtpProfiles;
        for (int i = 0; i < offered.Count; i++)
        {
            if ((nuint)(int)offered[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks the peer certificate against the SDP fingerprint, exports the SRTP keys and connects.</summary>
    private void VerifyPeerAndConnect()
    {
        X509Handle peer = _peerCertificate!;
        DtlsFingerprint actual = string.Equals(_remoteFingerprint.Algorithm, DtlsFingerprint.Sha256, StringComparison.Ordinal)
            ? RemoteCertificateFingerprint
            : DtlsCertificate.ComputeFingerprint(peer, _remoteFingerprint.Algorithm);
        if (actual != _remoteFingerprint)
        {
            Fail(DtlsFailure.FingerprintMismatch, $"The peer certificate has fingerprint {actual}, but the SDP announced {_remoteFingerprint}.");
            return;
        }

        peer.Dispose();
        _peerCertificate = null;

        SrtpProfile profile = SelectedProfile!.Value;
        int length = 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());
        Span<byte> material = stackalloc byte[MaxKeyingMaterialLength];
        int exported;
        OpenSslErrorQueue.Clear();
        fixed (byte* output = material)
        fixed (byte* label = ExporterLabel)
        {
            exported = LibSsl.SSL_export_keying_material(_ssl, output, (nuint)length, label, (nuint)ExporterLabel.Length, null, 0, 0);
        }

        if (exported != 1)
        {
            Fail(DtlsFailure.KeyExportFailed, $"SSL_export_keying_material failed: {OpenSslErrorQueue.Drain()}");
            return;
        }

        SrtpKeyingMaterial keys = SrtpKeyingMaterial.FromExporterOutput(profile, material[..length]);
        CryptographicOperations.ZeroMemory(material);
        State = DtlsState.Connected;
        _listener.OnDtlsConnected(keys);
    }

    /// <summary>The peer's close_notify: answer it, close, tell the listener.</summary>
    private void OnPeerClosed()
    {
        if (!TrySendCloseNotify())
        {
            return;
        }

        EnterTerminalState(DtlsState.Closed);
        _listener.OnDtlsClosed();
    }

    /// <summary>
    /// Sends close_notify when the handshake completed. False when this transport was disposed while the alert was
    /// sent (by a listener reacting to the outgoing datagram): nothing more may be done then.
    /// </summary>
    private bool TrySendCloseNotify()
    {
        if (_handshakeComplete && _records.AcquireBuffers())
        {
            OpenSslErrorQueue.Clear();
            _ = LibSsl.SSL_shutdown(_ssl);
            OpenSslErrorQueue.Clear();
            _records.FlushOutgoing();
        }

        return !_disposed;
    }

    private void Fail(DtlsFailure failure, string detail)
    {
        if (State is DtlsState.Failed or DtlsState.Closed)
        {
            return;
        }

        Failure = failure;
        EnterTerminalState(DtlsState.Failed);
        _listener.OnDtlsFailed(failure, detail);
    }

    private void EnterTerminalState(DtlsState state)
    {
        State = state;
        _nextTimerMs = long.MaxValue;
        _peerCertificate?.Dispose();
        _peerCertificate = null;
    }

    /// <summary>Recomputes <see cref="NextTimerMs"/> from OpenSSL's retransmission timer and the handshake deadline.</summary>
    private void UpdateTimer(long nowMs)
    {
        if (_disposed || State is not (DtlsState.Connecting or DtlsState.Connected))
        {
            _nextTimerMs = long.MaxValue;
            return;
        }

        long next = long.MaxValue;
        nint* timeval = stackalloc nint[2]; // struct timeval { long tv_sec; long tv_usec; }
        timeval[0] = 0;
        timeval[1] = 0;
        if (LibSsl.SSL_ctrl(_ssl, LibSsl.DtlsCtrlGetTimeout, 0, (IntPtr)timeval) == 1)
        {
            long remainingMs = (long)timeval[0] * 1000 + ((long)timeval[1] + 999) / 1000;
            next = nowMs + Math.Max(0, remainingMs);
        }

        if (State == DtlsState.Connecting)
        {
            next = Math.Min(next, _handshakeDeadlineMs);
        }

        _nextTimerMs = next;
    }
}
