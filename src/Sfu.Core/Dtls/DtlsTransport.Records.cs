using System.Buffers;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>
/// Reading records after the handshake (the datagram I/O itself is the <see cref="DtlsRecordLayer"/>'s). The plaintext
/// buffer is rented from the shared array pool for the call and returned, so an idle transport keeps none.
/// </summary>
public sealed unsafe partial class DtlsTransport
{
    /// <summary>
    /// After the handshake: decrypts every buffered record, delivering application data while connected, until
    /// OpenSSL wants more input. Handles the peer's close_notify and fatal errors. OpenSSL's DTLS silently drops
    /// records it cannot authenticate, so junk does not end here.
    /// </summary>
    private void ReadRecords()
    {
        byte[] plaintext = ArrayPool<byte>.Shared.Rent(MaxRecordPlaintext);
        try
        {
            ReadRecords(plaintext);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plaintext);
        }
    }

    private void ReadRecords(byte[] plaintext)
    {
        while (!_disposed && State is DtlsState.Connecting or DtlsState.Connected)
        {
            OpenSslErrorQueue.Clear();
            int read;
            fixed (byte* buffer = plaintext)
            {
                read = LibSsl.SSL_read(_ssl, buffer, MaxRecordPlaintext);
            }

            if (read > 0)
            {
                // Before the peer is verified (handshake done, fingerprint not yet set) data is dropped.
                if (State == DtlsState.Connected)
                {
                    _listener.OnDtlsApplicationData(plaintext.AsSpan(0, read));
                }

                continue;
            }

            int error = LibSsl.SSL_get_error(_ssl, read);
            string? detail = error is LibSsl.SslErrorSsl or LibSsl.SslErrorSyscall ? OpenSslErrorQueue.Drain() : null;
            _records.FlushOutgoing(); // SSL_read may retransmit our last flight or emit an alert
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

    /// <summary>After the handshake, between calls: lets the record layer free OpenSSL's record buffers.</summary>
    private void ReleaseBuffers()
    {
        if (_handshakeComplete)
        {
            _records.ReleaseBuffers();
        }
    }
}
