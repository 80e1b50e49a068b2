using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>Moving records between the memory BIOs and the listener.</summary>
public sealed unsafe partial class DtlsTransport
{
    /// <summary>
    /// After the handshake: decrypts every buffered record, delivering application data while connected, until
    /// OpenSSL wants more input. Handles the peer's close_notify and fatal errors. OpenSSL's DTLS silently drops
    /// records it cannot authenticate, so junk does not end here.
    /// </summary>
    private void ReadRecords()
    {
        while (!_disposed && State is DtlsState.Connecting or DtlsState.Connected)
        {
            OpenSslErrorQueue.Clear();
            int read;
            fixed (byte* buffer = _receiveBuffer)
            {
                read = LibSsl.SSL_read(_ssl, buffer, _receiveBuffer.Length);
            }

            if (read > 0)
            {
                // Before the peer is verified (handshake done, fingerprint not yet set) data is dropped.
                if (State == DtlsState.Connected)
                {
                    _listener.OnDtlsApplicationData(_receiveBuffer.AsSpan(0, read));
                }

                continue;
            }

            int error = LibSsl.SSL_get_error(_ssl, read);
            string? detail = error is LibSsl.SslErrorSsl or LibSsl.SslErrorSyscall ? OpenSslErrorQueue.Drain() : null;
            FlushOutgoing(); // SSL_read may retransmit our last flight or emit an alert
            if (_disposed)
            {
                return;
            }

            switch (error)
            {
                case LibSsl.SslErrorWantRead or LibSsl.SslErrorWantWrite:
                    return;
                case LibSsl.SslErrorZeroReturn:
                    OnPeerClosed();
                    return;
                default:
                    Fail(
                        State == DtlsState.Connected ? DtlsFailure.ProtocolError : DtlsFailure.HandshakeFailed,
                        detail ?? $"SSL_read failed with SSL_get_error {error}.");
                    return;
            }
        }
    }

    /// <summary>
    /// Takes everything OpenSSL wrote into the write BIO and hands it to the listener as datagrams of whole
    /// records no larger than the MTU. Stops if the listener disposes the transport meanwhile.
    /// </summary>
    private void FlushOutgoing()
    {
        while (!_disposed)
        {
            nuint pending = LibCrypto.BIO_ctrl_pending(_writeBio);
            if (pending == 0)
            {
                return;
            }

            if (pending > (nuint)_sendBuffer.Length)
            {
                // Rare (a flight larger than the buffer): grow once, at handshake time.
                _sendBuffer = new byte[Math.Max((int)pending, _sendBuffer.Length * 2)];
            }

            int read;
            fixed (byte* buffer = _sendBuffer)
            {
                read = LibCrypto.BIO_read(_writeBio, buffer, (int)pending);
            }

            if (read <= 0)
            {
                return;
            }

            ReadOnlySpan<byte> flight = _sendBuffer.AsSpan(0, read);
            while (!flight.IsEmpty)
            {
                int length = DtlsRecordSplitter.NextDatagramLength(flight, _options.Mtu);
                _listener.OnDtlsSendDatagram(flight[..length]);
                if (_disposed)
                {
                    return;
                }

                flight = flight[length..];
            }
        }
    }

    private void ResetReadBio()
    {
        if (LibCrypto.BIO_ctrl_pending(_readBio) != 0)
        {
            _ = LibCrypto.BIO_ctrl(_readBio, LibCrypto.BioCtrlReset, 0, IntPtr.Zero);
        }
    }
}
