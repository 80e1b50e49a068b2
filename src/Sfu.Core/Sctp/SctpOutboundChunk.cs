namespace Sfu.Core.Sctp;

/// <summary>
/// One DATA chunk we send: a fragment of a message, copied into the buffer of a pooled chunk of its size class
/// (small, or a full fragment) when the message is queued, given its TSN when first transmitted, and returned to its
/// queue's pool when the peer acknowledges it or it is skipped.
/// </summary>
internal sealed class SctpOutboundChunk
{
    /// <summary>The buffer size of a small chunk: fragments up to this size get one (see <see cref="SctpSendQueue"/>).</summary>
    public const int SmallCapacity = 256;

    private readonly byte[] _buffer;

    public SctpOutboundChunk(int capacity) => _buffer = new byte[capacity];

    /// <summary>The size of the chunk's buffer, what it costs while queued.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>The fragment's bytes.</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, Length);

    /// <summary>The fragment's length in bytes.</summary>
    public int Length { get; private set; }

    /// <summary>Copies <paramref name="fragment"/> (at most <see cref="Capacity"/> bytes) into the chunk's buffer.</summary>
    public void Fill(ReadOnlySpan<byte> fragment)
    {
        fragment.CopyTo(_buffer);
        Length = fragment.Length;
    }

    /// <summary>Counter of the message this chunk belongs to (all its fragments share it).</summary>
    public long MessageId { get; set; }

    public ushort StreamId { get; set; }

    public ushort Ssn { get; set; }

    public uint Ppid { get; set; }

    /// <summary>DATA flags: B, E, U.</summary>
    public byte Flags { get; set; }

    public uint Tsn { get; set; }

    /// <summary>Retransmissions allowed, or -1 for unlimited.</summary>
    public int MaxRetransmits { get; set; }

    /// <summary>When the message is abandoned (caller's clock), or <see cref="long.MaxValue"/>.</summary>
    public long ExpiresAtMs { get; set; }

    public long SentAtMs { get; set; }

    /// <summary>How often it was sent (1 after the first transmission).</summary>
    public int Transmissions { get; set; }

    public int MissIndications { get; set; }

    public bool GapAcked { get; set; }

    public bool Abandoned { get; set; }

    public bool NeedsRetransmit { get; set; }

    public bool FastRetransmitted { get; set; }

    /// <summary>Counted in the association's outstanding bytes (sent, not acked, not abandoned, not marked for retransmission).</summary>
    public bool Outstanding { get; set; }

    public bool IsBeginning => (Flags & Chunks.SctpDataChunk.FlagBeginning) != 0;

    public bool IsUnordered => (Flags & Chunks.SctpDataChunk.FlagUnordered) != 0;

    /// <summary>True when its partial reliability policy forbids sending it again.</summary>
    public bool IsExhausted(long nowMs) => (MaxRetransmits >= 0 && Transmissions > MaxRetransmits) || nowMs >= ExpiresAtMs;

    /// <summary>Clears the chunk for reuse.</summary>
    public void Reset()
    {
        Length = 0;
        MessageId = 0;
        Tsn = 0;
        Ssn = 0;
        Transmissions = 0;
        MissIndications = 0;
        GapAcked = false;
        Abandoned = false;
        NeedsRetransmit = false;
        FastRetransmitted = false;
        Outstanding = false;
    }
}
