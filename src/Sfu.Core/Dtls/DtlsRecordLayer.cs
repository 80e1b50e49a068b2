using System.Buffers;
using System.Runtime.InteropServices;
using Sfu.Core.Interop;

namespace Sfu.Core.Dtls;

/// <summary>
/// The OpenSSL connection of one <see cref="DtlsTransport"/> and its datagram I/O: a received datagram is written into
/// the read memory BIO; what OpenSSL writes into the write memory BIO goes to the listener as datagrams of whole
/// records no larger than the MTU; and OpenSSL's record buffers are freed between calls once the handshake is done
/// and taken back before the next call that may need them. The transport drives the connection (handshake, reads,
/// writes, alerts) through <see cref="Ssl"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: the transport's thread owns it. The plaintext and flight buffers are rented from the shared array
/// pool for the call and returned, so an idle transport keeps none (its records are rare: the handshake, then only
/// data channels). Disposing it (the transport does, also from within a listener callback) frees the connection and
/// stops a flight being sent.
/// </remarks>
internal sealed unsafe class DtlsRecordLayer : IDisposable
{
    private static readonly uint MaxRetransmitTimeoutUs = (uint)DtlsOptions.MaxRetransmitTimeout.TotalMicroseconds;

    private readonly IDtlsTransportListener _listener;
    private readonly int _mtu;
    private readonly IntPtr _readBio;   // owned by Ssl
    private readonly IntPtr _writeBio;  // owned by Ssl
    private bool _buffersReleased;
    private bool _disposed;

    /// <summary>Creates the connection for <paramref name="role"/> on <paramref name="context"/>, its BIOs, MTU and retransmission timer.</summary>
    /// <exception cref="InvalidOperationException">OpenSSL could not create the connection.</exception>
    public DtlsRecordLayer(DtlsContext context, DtlsRole role, DtlsOptions options, IDtlsTransportListener listener)
    {
        _listener = listener;
        _mtu = options.Mtu;
        OpenSslErrorQueue.Clear();
        SslHandle ssl = LibSsl.SSL_new(context.Handle);
        if (ssl.IsInvalid)
        {
            ssl.Dispose();
            throw new InvalidOperationException($"OpenSSL SSL_new failed: {OpenSslErrorQueue.Drain()}");
        }

        IntPtr readBio = LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
        IntPtr writeBio = LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
        if (readBio == IntPtr.Zero || writeBio == IntPtr.Zero)
        {
            string detail = OpenSslErrorQueue.Drain();
            FreeBio(readBio);
            FreeBio(writeBio);
            ssl.Dispose();
            throw new InvalidOperationException($"OpenSSL BIO_new failed: {detail}");
        }

        // An empty memory BIO reports "retry" (-1) instead of end of file, so OpenSSL answers WANT_READ.
        _ = LibCrypto.BIO_ctrl(readBio, LibCrypto.BioCtrlSetMemEofReturn, -1, IntPtr.Zero);
        _ = LibCrypto.BIO_ctrl(writeBio, LibCrypto.BioCtrlSetMemEofReturn, -1, IntPtr.Zero);
        LibSsl.SSL_set_bio(ssl, readBio, writeBio);

        try
        {
            // A memory BIO cannot report a path MTU: set it, or OpenSSL fragments nothing and the handshake stalls.
            if (LibSsl.SSL_ctrl(ssl, LibSsl.SslCtrlSetMtu, options.Mtu, IntPtr.Zero) <= 0)
            {
                throw new InvalidOperationException($"OpenSSL SSL_set_mtu({options.Mtu}) failed: {OpenSslErrorQueue.Drain()}");
            }

            // Slot 0 (the "app data" slot) carries the initial retransmission timeout for the timer callback.
            nint initialUs = (nint)(long)options.InitialRetransmitTimeout.TotalMicroseconds;
            if (LibSsl.SSL_set_ex_data(ssl, 0, initialUs) != 1)
            {
                throw new InvalidOperationException($"OpenSSL SSL_set_ex_data failed: {OpenSslErrorQueue.Drain()}");
            }

            LibSsl.DTLS_set_timer_cb(ssl, &NextRetransmitTimeoutUs);
            if (role == DtlsRole.Client)
            {
                LibSsl.SSL_set_connect_state(ssl);
            }
            else
            {
                LibSsl.SSL_set_accept_state(ssl);
            }
        }
        catch
        {
            ssl.Dispose();
            throw;
        }

        Ssl = ssl;
        _readBio = readBio;
        _writeBio = writeBio;
    }

    /// <summary>The OpenSSL connection (owned here; freed by <see cref="Dispose"/>).</summary>
    public SslHandle Ssl { get; }

    /// <summary>
    /// Writes one received datagram into the read BIO and gets the record buffers back for OpenSSL to read it. False
    /// when either failed: the caller must not call into OpenSSL then (and should <see cref="DiscardUnread"/>).
    /// </summary>
    public bool Receive(ReadOnlySpan<byte> datagram)
    {
        int written;
        fixed (byte* data = datagram)
        {
            written = LibCrypto.BIO_write(_readBio, data, datagram.Length);
        }

        return written == datagram.Length && AcquireBuffers();
    }

    /// <summary>Drops whatever OpenSSL left unread (a packet it discarded part of), so it does not prefix the next datagram.</summary>
    public void DiscardUnread()
    {
        if (LibCrypto.BIO_ctrl_pending(_readBio) != 0)
        {
            _ = LibCrypto.BIO_ctrl(_readBio, LibCrypto.BioCtrlReset, 0, IntPtr.Zero);
        }
    }

    /// <summary>
    /// Takes everything OpenSSL wrote into the write BIO and hands it to the listener as datagrams of whole
    /// records no larger than the MTU. Stops if the listener disposes the transport (and so this) meanwhile.
    /// </summary>
    public void FlushOutgoing()
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

    /// <summary>
    /// After the handshake, between calls: frees OpenSSL's record read and write buffers (about 34 KB a transport),
    /// which a transport carrying only SRTP never needs again. <see cref="AcquireBuffers"/> gets them back before the
    /// next call into OpenSSL (a data-channel record, a retransmission, close_notify).
    /// </summary>
    public void ReleaseBuffers()
    {
        if (!_buffersReleased && !_disposed)
        {
            _buffersReleased = LibSsl.SSL_free_buffers(Ssl) == 1;
        }
    }

    /// <summary>
    /// Gives OpenSSL back its record buffers before a call that may read or write a record: its DTLS write path does
    /// not allocate them itself. False when they could not be allocated: the caller must not call into OpenSSL then.
    /// </summary>
    public bool AcquireBuffers()
    {
        if (_buffersReleased)
        {
            if (LibSsl.SSL_alloc_buffers(Ssl) != 1)
            {
                OpenSslErrorQueue.Clear();
                return false;
            }

            _buffersReleased = false;
        }

        return true;
    }

    /// <summary>Frees the connection (and its BIOs). Sends nothing.</summary>
    public void Dispose()
    {
        _disposed = true;
        Ssl.Dispose();
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
            int length = DtlsRecordSplitter.NextDatagramLength(flight, _mtu);
            _listener.OnDtlsSendDatagram(flight[..length]);
            if (_disposed)
            {
                return false;
            }

            flight = flight[length..];
        }

        return true;
    }

    private static void FreeBio(IntPtr bio)
    {
        if (bio != IntPtr.Zero)
        {
            _ = LibCrypto.BIO_free(bio);
        }
    }

    /// <summary>
    /// OpenSSL's DTLS timer callback: the next retransmission timeout in microseconds. 0 means "first
    /// timeout of a flight": use the configured initial value (slot 0 of the SSL's ex_data); otherwise double,
    /// bounded by <see cref="DtlsOptions.MaxRetransmitTimeout"/>.
    /// </summary>
    [UnmanagedCallersOnly]
    private static uint NextRetransmitTimeoutUs(IntPtr ssl, uint previousUs)
    {
        if (previousUs == 0)
        {
            nint initial = LibSsl.SSL_get_ex_data(ssl, 0);
            return initial > 0 ? (uint)initial : 1_000_000;
        }

        return (uint)Math.Min((ulong)previousUs * 2, MaxRetransmitTimeoutUs);
    }
}
