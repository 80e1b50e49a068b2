using System.Buffers;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>
/// Moving records between the memory BIOs and the listener. The plaintext and flight buffers are rented from the
/// shared array pool for the call and returned, so an idle transport keeps none (its records are rare: the handshake,
/// then only data channels).
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

            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(pending, int.MaxValue));
            try
            {
                if (!SendFlight(buffer, (int)Math.Min(pending, (nuint)buffer.Length)))
                {
                    return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes of the write BIO into <paramref name="buffer"/> and sends them as datagrams; false to stop.</summary>
    private bool SendFlight(byte[] buffer, int count)
    {
        int read;
        fixed (byte* data = buffer)
        {
            read = LibCrypto.BIO_read(_writeBio, data, count);
        }

        if (read <= 0)
        {
            return false;
        }

        ReadOnlySpan<byte> flight = buffer.AsSpan(0, read);
        while (!flight.IsEmpty)
        {
            int length = DtlsRecordSplitter.NextDatagramLength(flight, _options.Mtu);
            _listener.OnDtlsSendDatagram(flight[..length]);
            if (_disposed)
            {
                return false;
            }

            flight = flight[length..];
        }

        return true;
    }

    /// <summary>
    /// After the handshake, between calls: frees OpenSSL's record read and write buffers (about 34 KB a transport),
    /// which a transport carrying only SRTP never needs again. <see cref="AcquireBuffers"/> gets them back before the
    /// next call into OpenSSL (a data-channel record, a retransmission, close_notify).
    /// </summary>
    private void ReleaseBuffers()
    {
        if (_handshakeComplete && !_buffersReleased && !_disposed)
        {
            _buffersReleased = LibSsl.SSL_free_buffers(_ssl) == 1;
        }
    }

    /// <summary>
    /// Gives OpenSSL back its record buffers before a call that may read or write a record: its DTLS write path does
    /// not allocate them itself. False when they could not be allocated: the caller must not call into OpenSSL then.
    /// </summary>
    private bool AcquireBuffers()
    {
        if (_buffersReleased)
        {
            if (LibSsl.SSL_alloc_buffers(_ssl) != 1)
            {
                OpenSslErrorQueue.Clear();
                return false;
            }

            _buffersReleased = false;
        }

        return true;
    }

    private void ResetReadBio()
    {
        if (LibCrypto.BIO_ctrl_pending(_readBio) != 0)
        {
            _ = LibCrypto.BIO_ctrl(_readBio, LibCrypto.BioCtrlReset, 0, IntPtr.Zero);
        }
    }
}
