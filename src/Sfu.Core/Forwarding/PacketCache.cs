namespace Sfu.Core.Forwarding;

/// <summary>
/// The last <see cref="SlotCount"/> packets a down-track sent, as sent (rewritten, before SRTP), by outgoing 16-bit
/// sequence number: what a subscriber's NACK is answered from. Each slot remembers how often and when it was resent,
/// to bound retransmissions per packet.
/// </summary>
/// <remarks>
/// One contiguous preallocated array of <see cref="SlotCount"/> × <see cref="SlotLength"/> bytes (768 KiB), created
/// with the down-track when its subscriber negotiated NACK. Slot = sequence number modulo the slot count, so a lookup
/// is one index and a check that the slot still holds that number. Packets longer than a slot are not cached.
/// Allocation-free after construction; media worker thread only.
/// </remarks>
internal sealed class PacketCache
{
    /// <summary>Packets kept (a power of two): about 2 s of a 2.5 Mbit/s video stream.</summary>
    public const int SlotCount = 512;

    /// <summary>Largest packet kept: an Ethernet MTU.</summary>
    public const int SlotLength = 1500;

    private readonly byte[] _data = GC.AllocateUninitializedArray<byte>(SlotCount * SlotLength);
    private readonly int[] _length = new int[SlotCount];
    private readonly ushort[] _sequence = new ushort[SlotCount];
    private readonly byte[] _resends = new byte[SlotCount];
    private readonly long[] _lastResend = new long[SlotCount];

    /// <summary>Keeps a copy of a packet just sent with <paramref name="sequenceNumber"/> (replacing the slot's previous one).</summary>
    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        int slot = sequenceNumber & (SlotCount - 1);
        if (packet.Length > SlotLength)
        {
            _length[slot] = 0;
            return;
        }

        packet.CopyTo(_data.AsSpan(slot * SlotLength, SlotLength));
        _length[slot] = packet.Length;
        _sequence[slot] = sequenceNumber;
        _resends[slot] = 0;
    }

    /// <summary>
    /// The cached packet sent with <paramref name="sequenceNumber"/>, if still cached and it may be resent now (fewer
    /// than <paramref name="maxResends"/> resends so far, the last one at least <paramref name="minInterval"/> ago);
    /// records the resend. Empty otherwise; <paramref name="cached"/> says whether it was in the cache at all.
    /// </summary>
    public ReadOnlySpan<byte> TryTakeForResend(ushort sequenceNumber, long now, long minInterval, int maxResends, out bool cached)
    {
        int slot = sequenceNumber & (SlotCount - 1);
        cached = _length[slot] > 0 && _sequence[slot] == sequenceNumber;
        if (!cached || _resends[slot] >= maxResends || (_resends[slot] > 0 && now - _lastResend[slot] < minInterval))
        {
            return default;
        }

        _resends[slot]++;
        _lastResend[slot] = now;
        return _data.AsSpan(slot * SlotLength, _length[slot]);
    }
}
