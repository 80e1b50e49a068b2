using System.Net;
using System.Runtime.CompilerServices;
using Sfu.Core.Diagnostics;
using Sfu.Core.Interop;

namespace Sfu.Core.Transport;

/// <summary>
/// Datagrams waiting to be handed to the kernel together: a fixed number of slots, each with room for one
/// datagram, its destination sockaddr, and the <c>mmsghdr</c>/<c>iovec</c> that describe them to <c>sendmmsg(2)</c>.
/// Everything is allocated once, on the pinned object heap, and the native headers point into it for the batch's
/// lifetime: adding a datagram copies its bytes and address into the next slot and sets two lengths.
/// Owned by one media worker and touched only by its thread.
/// </summary>
internal sealed unsafe class SendBatch
{
    /// <summary>Slots per batch: a flush is one system call for up to this many datagrams.</summary>
    public const int DefaultCapacity = 64;

    /// <summary>The largest datagram a slot holds (a 1,500-byte RTP packet plus its SRTP tag fits); larger ones are sent alone.</summary>
    public const int SlotSize = 2048;

    /// <summary>Room for a destination address per slot (sockaddr_in6 is 28 bytes).</summary>
    public const int AddressCapacity = 32;

    private readonly byte[] _data;
    private readonly byte[] _addresses;
    private readonly MultipleMessageHeader[] _headers;
    private readonly IoVector[] _vectors;
    private readonly int[] _lengths;
    private readonly int[] _addressLengths;
    private readonly PacketKind[] _kinds;
    private readonly SendFailure?[] _failures;
    private readonly int[] _errors;

    public SendBatch(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _data = GC.AllocateArray<byte>(capacity * SlotSize, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * AddressCapacity, pinned: true);
        _headers = GC.AllocateArray<MultipleMessageHeader>(capacity, pinned: true);
        _vectors = GC.AllocateArray<IoVector>(capacity, pinned: true);
        _lengths = new int[capacity];
        _addressLengths = new int[capacity];
        _kinds = new PacketKind[capacity];
        _failures = new SendFailure?[capacity];
        _errors = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _vectors[i].Base = Unsafe.AsPointer(ref _data[i * SlotSize]);
            ref var header = ref _headers[i].Header;
            header.Name = Unsafe.AsPointer(ref _addresses[i * AddressCapacity]);
            header.Vectors = (IoVector*)Unsafe.AsPointer(ref _vectors[i]);
            header.VectorCount = 1;
        }
    }

    public int Capacity { get; }

    /// <summary>Datagrams queued.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The first <c>mmsghdr</c> (the array is pinned for the batch's life).</summary>
    public MultipleMessageHeader* Headers => (MultipleMessageHeader*)Unsafe.AsPointer(ref _headers[0]);

    /// <summary>
    /// Copies <paramref name="datagram"/> and <paramref name="remote"/> into the next slot. False when the batch is
    /// full or the datagram or address does not fit a slot (send it alone, after flushing what is queued).
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress remote, PacketKind kind)
    {
        int i = Count;
        int addressLength = remote.Size;
        if (i == Capacity || datagram.Length > SlotSize || addressLength > AddressCapacity)
        {
            return false;
        }

        datagram.CopyTo(_data.AsSpan(i * SlotSize, SlotSize));
        remote.Buffer.Span[..addressLength].CopyTo(_addresses.AsSpan(i * AddressCapacity, AddressCapacity));
        _lengths[i] = datagram.Length;
        _addressLengths[i] = addressLength;
        _kinds[i] = kind;
        _failures[i] = null;
        _vectors[i].Length = (nuint)datagram.Length;
        _headers[i].Header.NameLength = (uint)addressLength;
        _headers[i].SentLength = 0;
        Count = i + 1;
        return true;
    }

    /// <summary>The datagram in slot <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Datagram(int index) => _data.AsSpan(index * SlotSize, _lengths[index]);

    /// <summary>The destination sockaddr of slot <paramref name="index"/>, as the socket layer wrote it.</summary>
    public ReadOnlySpan<byte> Address(int index) => _addresses.AsSpan(index * AddressCapacity, _addressLengths[index]);

    public PacketKind Kind(int index) => _kinds[index];

    /// <summary>Why slot <paramref name="index"/> was not sent, or null when it was (or has not been tried).</summary>
    public SendFailure? Failure(int index) => _failures[index];

    /// <summary>The system error number (or .NET <c>SocketError</c>) that failed slot <paramref name="index"/>.</summary>
    public int Error(int index) => _errors[index];

    /// <summary>Records that slot <paramref name="index"/> was not sent. Called by the sender during a flush.</summary>
    public void Fail(int index, SendFailure reason, int error)
    {
        _failures[index] = reason;
        _errors[index] = error;
    }

    /// <summary>Empties the batch (after a flush).</summary>
    public void Clear() => Count = 0;
}
