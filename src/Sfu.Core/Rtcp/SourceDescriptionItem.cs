namespace Sfu.Core.Rtcp;

/// <summary>One SDES item: the SSRC/CSRC of its chunk, its type and its value (a view into the packet).</summary>
public readonly ref struct SourceDescriptionItem
{
    /// <summary>Creates an item view.</summary>
    public SourceDescriptionItem(uint ssrc, SdesItemType type, ReadOnlySpan<byte> value)
    {
        Ssrc = ssrc;
        Type = type;
        Value = value;
    }

    /// <summary>SSRC or CSRC of the chunk the item belongs to.</summary>
    public uint Ssrc { get; }

    /// <summary>Item type; may be a value not named in <see cref="SdesItemType"/>.</summary>
    public SdesItemType Type { get; }

    /// <summary>Item text (UTF-8 per RFC 3550), 0..255 bytes.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
