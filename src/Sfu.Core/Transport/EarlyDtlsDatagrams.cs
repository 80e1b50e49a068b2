using System.Buffers;

namespace Sfu.Core.Transport;

/// <summary>
/// DTLS datagrams that arrived before the transport knew its DTLS role and the peer's fingerprint, kept to be handled
/// once it does. A server offer (the subscriber connection) creates the transport before the peer's answer; the
/// browser applies its answer, checks ICE and sends its ClientHello within a few milliseconds, often before the answer
/// has come through signaling. Dropping that ClientHello costs the browser's DTLS retransmission timeout (50 ms and
/// more, doubling); keeping it lets the handshake go on the moment the answer is applied.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="MaxDatagrams"/> datagrams and <see cref="MaxBytes"/> bytes (a ClientHello is one or two
/// datagrams, about 1,400 bytes); more are dropped. The buffer is rented from the shared pool with the first datagram
/// and returned when the datagrams are handed over or the transport goes, so a transport that never needs it costs
/// nothing. One transport's, on its worker thread.
/// </remarks>
internal sealed class EarlyDtlsDatagrams
{
    /// <summary>Datagrams kept at most.</summary>
    public const int MaxDatagrams = 8;

    /// <summary>Bytes kept at most.</summary>
    public const int MaxBytes = 8192;

    private readonly int[] _lengths = new int[MaxDatagrams];
    private byte[]? _buffer;
    private int _used;

    /// <summary>Datagrams kept now.</summary>
    public int Count { get; private set; }

    /// <summary>Keeps a copy of <paramref name="datagram"/>; false (not kept) when the bounds are reached.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram)
    {
        if (Count == MaxDatagrams || _used + datagram.Length > MaxBytes)
        {
            return false;
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent(MaxBytes);
        datagram.CopyTo(_buffer.AsSpan(_used));
        _lengths[Count++] = datagram.Length;
        _used += datagram.Length;
        return true;
    }

    /// <summary>The kept datagram at <paramref name="index"/> (0 = oldest), valid until <see cref="Clear"/>.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            int offset = 0;
            for (int i = 0; i < index; i++)
            {
                offset += _lengths[i];
            }

            return _buffer.AsSpan(offset, _lengths[index]);
        }
    }

    /// <summary>Forgets every kept datagram and returns the buffer to the pool.</summary>
    public void Clear()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        Count = 0;
        _used = 0;
    }
}
