namespace Sfu.Core.Forwarding;

/// <summary>
/// A down-track's memory of what it sent, by outgoing sequence number: <see cref="Capacity"/> records of
/// <see cref="SentPacketRecord"/> (20 bytes each, about 10 KiB), enough to rebuild any of its last packets from the
/// received copy kept once per receive stream, and to bound resends per packet. Slot = sequence number modulo the
/// capacity, so a lookup is one index and a check that the slot still holds that number.
/// </summary>
/// <remarks>Preallocated when the down-track's subscriber negotiated NACK; allocation-free after; media worker thread only.</remarks>
internal sealed class SentPacketMap
{
    /// <summary>Packets remembered (a power of two): 2 s of a 2.5 Mbit/s layer, more than its receive ring keeps.</summary>
    public const int Capacity = 512;

    /// <summary>Most resends of one packet the state can count.</summary>
    public const int MaxCountableResends = 15;

    private readonly SentPacketRecord[] _records = new SentPacketRecord[Capacity];

    /// <summary>Remembers a packet just sent (replacing the slot's previous one).</summary>
    public void Record(ushort sequence, RidIndex rid, long sourceSequence, byte payloadType, uint timestamp, bool vp8, ushort pictureId, byte tl0PicIdx)
    {
        ref SentPacketRecord record = ref _records[sequence & (Capacity - 1)];
        record.Sequence = sequence;
        record.RidIndex = (byte)rid.Value;
        record.SourceSequence = unchecked((uint)sourceSequence);
        record.PayloadType = payloadType;
        record.Timestamp = timestamp;
        record.PictureId = pictureId;
        record.Tl0PicIdx = tl0PicIdx;
        record.State = (byte)(vp8 ? 3 : 1);
        record.LastResendMs = 0;
    }

    /// <summary>
    /// The record of the packet sent as <paramref name="sequence"/>, if remembered and it may be resent now (fewer than
    /// <paramref name="maxResends"/> resends so far, the last at least <paramref name="minIntervalMs"/> ago); records
    /// the resend. False otherwise; <paramref name="known"/> says whether it was remembered at all.
    /// </summary>
    public bool TryTakeForResend(ushort sequence, uint nowMs, uint minIntervalMs, int maxResends, out SentPacketRecord record, out bool known)
    {
        ref SentPacketRecord slot = ref _records[sequence & (Capacity - 1)];
        record = slot;
        known = slot.InUse && slot.Sequence == sequence;
        int resends = slot.Resends;
        if (!known || resends >= Math.Min(maxResends, MaxCountableResends) || (resends > 0 && unchecked(nowMs - slot.LastResendMs) < minIntervalMs))
        {
            return false;
        }

        slot.State = (byte)((slot.State & 0x0F) | ((resends + 1) << 4));
        slot.LastResendMs = nowMs;
        return true;
    }

    /// <summary>Forgets a packet that could not be rebuilt (its received copy is gone), so it counts as unknown from now on.</summary>
    public void Forget(ushort sequence)
    {
        ref SentPacketRecord slot = ref _records[sequence & (Capacity - 1)];
        if (slot.Sequence == sequence)
        {
            slot.State = 0;
        }
    }
}
