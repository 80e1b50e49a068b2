namespace Sfu.Core.Rtp;

/// <summary>One RFC 8285 header extension element: its local ID and its value, a view into the packet.</summary>
public readonly ref struct RtpHeaderExtension
{
    /// <summary>Creates an element view.</summary>
    public RtpHeaderExtension(int id, ReadOnlySpan<byte> value, int valueOffset)
    {
        Id = id;
        Value = value;
        ValueOffset = valueOffset;
    }

    /// <summary>The local identifier (1..14 in the one-byte form, 1..255 in the two-byte form).</summary>
    public int Id { get; }

    /// <summary>The element's data.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of <see cref="Value"/> from the start of the RTP packet, for in-place rewriting.</summary>
    public int ValueOffset { get; }
}
