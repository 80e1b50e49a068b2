using System.Buffers;
using System.Buffers.Binary;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The recent packets of one receive stream (one published simulcast layer), as received from the publisher, by
/// extended sequence number: what every down-track of the track rebuilds a retransmission from. One copy per received
/// packet, however many subscribers; the down-tracks keep only which packet they sent under which number
/// (<see cref="SentPacketMap"/>).
/// </summary>
/// <remarks>
/// <para>
/// Sized by time: about <see cref="Retention"/> of the stream at its measured packet rate (<see cref="FitTo"/>, called
/// once per bitrate window from the router's tick, never per packet), between <see cref="MinSlots"/> and
/// <see cref="MaxSlots"/>; it grows at once and shrinks only when four times too large, so a rate near a boundary does
/// not make it flap.
/// </para>
/// <para>
/// Storage is one array rented from <see cref="ArrayPool{T}.Shared"/> and returned when the ring is resized or released
/// (<see cref="Release"/>, when the track's last resending down-track goes). Each slot is a small header (the slot's
/// extended sequence number, or -1, and the packet length) and <see cref="SlotLength"/> bytes; the slot of a packet is
/// its extended sequence number modulo the slot count. Packets longer than a slot are not kept. Storing and looking up
/// allocate nothing; media worker thread only.
/// </para>
/// </remarks>
internal sealed class ReceivedPacketRing
{
    /// <summary>Largest packet kept: an Ethernet MTU.</summary>
    public const int SlotLength = 1500;

    /// <summary>Fewest slots (about 2 s of a 30-packet-a-second low layer).</summary>
    public const int MinSlots = 64;

    /// <summary>Most slots: 1 s of a 25 Mbit/s stream (about 3 MB).</summary>
    public const int MaxSlots = 2048;

    /// <summary>Slots before the stream's packet rate is measured: 1 s of a 2.5 Mbit/s 720p layer.</summary>
    public const int InitialSlots = 256;

    /// <summary>Bytes per slot: the header (8 bytes extended sequence number, 2 bytes length, padding) and the packet.</summary>
    private const int SlotStride = HeaderLength + SlotLength + 4;

    private const int HeaderLength = 16;

    private byte[] _data = [];
    private int _slots;

    /// <summary>How long a packet should stay retrievable.</summary>
    public static TimeSpan Retention { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Creates a ring of at least <paramref name="slots"/> slots (clamped to the bounds).</summary>
    public ReceivedPacketRing(int slots = InitialSlots)
    {
        Resize(slots);
    }

    /// <summary>The number of packets the ring can hold now.</summary>
    public int Capacity => _slots;

    /// <summary>The bytes of packet storage held (the rented array).</summary>
    public long StorageBytes => _data.Length;

    /// <summary>Packets stored since the ring was made (for tests and stats).</summary>
    public long Stored { get; private set; }

    /// <summary>
    /// Keeps a copy of the packet with extended sequence number <paramref name="extended"/>, unless its slot holds a
    /// newer one (a late packet never pushes out a newer) or it is longer than <see cref="SlotLength"/>.
    /// </summary>
    public void Store(long extended, ReadOnlySpan<byte> packet)
    {
        if (_slots > 0 && extended >= 0 && Put(extended, packet))
        {
            Stored++;
        }
    }


    /// <summary>The packet with extended sequence number <paramref name="extended"/>, or empty when it is no longer (or never was) kept.</summary>
    public ReadOnlySpan<byte> TryGet(long extended)
    {
        if (_slots == 0 || extended < 0)
        {
            return default;
        }

        Span<byte> slot = Slot(extended);
        if (BinaryPrimitives.ReadInt64LittleEndian(slot) != extended)
        {
            return default;
        }

        return slot.Slice(HeaderLength, BinaryPrimitives.ReadUInt16LittleEndian(slot.Slice(8)));
    }

    /// <summary>
    /// Sizes the ring for <paramref name="packetsPerSecond"/> (the stream's measured rate): <see cref="Retention"/> of
    /// packets within the bounds. Grows when too small; shrinks when four times too large. True when it was resized.
    /// </summary>
    public bool FitTo(double packetsPerSecond)
    {
        int wanted = WantedSlots(packetsPerSecond);
        if (wanted > _slots || (wanted * 4 <= _slots && _slots > MinSlots))
        {
            Resize(wanted);
            return true;
        }

        return false;
    }

    /// <summary>The slots that hold <see cref="Retention"/> of a stream of <paramref name="packetsPerSecond"/>, within the bounds.</summary>
    public static int WantedSlots(double packetsPerSecond) =>
        (int)Math.Clamp(Math.Ceiling(packetsPerSecond * Retention.TotalSeconds), MinSlots, MaxSlots);

    /// <summary>Returns the storage to the pool; the ring keeps nothing after this.</summary>
    public void Release()
    {
        if (_data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
        }

        _data = [];
        _slots = 0;
    }

    /// <summary>Moves to storage of at least <paramref name="slots"/> slots, keeping the newest packets that fit.</summary>
    private void Resize(int slots)
    {
        slots = Math.Clamp(slots, MinSlots, MaxSlots);
        byte[] data = ArrayPool<byte>.Shared.Rent(slots * SlotStride);
        int count = Math.Min(data.Length / SlotStride, MaxSlots);
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * SlotStride), -1);
        }

        byte[] old = _data;
        int oldCount = _slots;
        _data = data;
        _slots = count;
        for (int i = 0; i < oldCount; i++)
        {
            ReadOnlySpan<byte> slot = old.AsSpan(i * SlotStride, SlotStride);
            long extended = BinaryPrimitives.ReadInt64LittleEndian(slot);
            if (extended >= 0)
            {
                Put(extended, slot.Slice(HeaderLength, BinaryPrimitives.ReadUInt16LittleEndian(slot.Slice(8))));
            }
        }

        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    /// <summary>Writes the packet into its slot unless the slot holds a newer one; false when not kept.</summary>
    private bool Put(long extended, ReadOnlySpan<byte> packet)
    {
        Span<byte> slot = Slot(extended);
        long held = BinaryPrimitives.ReadInt64LittleEndian(slot);
        if (held > extended)
        {
            return false;
        }

        if (packet.Length > SlotLength)
        {
            BinaryPrimitives.WriteInt64LittleEndian(slot, -1); // the slot's older packet is gone either way
            return false;
        }

        BinaryPrimitives.WriteInt64LittleEndian(slot, extended);
        BinaryPrimitives.WriteUInt16LittleEndian(slot.Slice(8), (ushort)packet.Length);
        packet.CopyTo(slot.Slice(HeaderLength));
        return true;
    }

    private Span<byte> Slot(long extended) => _data.AsSpan((int)(extended % _slots) * SlotStride, SlotStride);
}
