namespace Sfu.Core.Sctp;

/// <summary>
/// One chunk of a packet (RFC 9260 3.2): type, flags and the value after the 4-byte chunk header, without padding.
/// A view into the packet: valid as long as the packet's buffer is.
/// </summary>
public readonly ref struct SctpChunk
{
    public const int HeaderLength = 4;

    public SctpChunk(byte type, byte flags, ReadOnlySpan<byte> value)
    {
        RawType = type;
        Flags = flags;
        Value = value;
    }

    public byte RawType { get; }

    public SctpChunkType Type => (SctpChunkType)RawType;

    public byte Flags { get; }

    /// <summary>The chunk value (length field minus the 4-byte header).</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>What a receiver does with an unknown chunk type: the two upper bits (RFC 9260 3.2).</summary>
    public SctpUnknownChunkAction UnknownAction => (SctpUnknownChunkAction)(RawType >> 6);
}
