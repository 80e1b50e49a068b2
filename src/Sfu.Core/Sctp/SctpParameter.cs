namespace Sfu.Core.Sctp;

/// <summary>One TLV parameter (RFC 9260 3.2.1): type and value without padding. A view into the chunk.</summary>
public readonly ref struct SctpParameter
{
    public const int HeaderLength = 4;

    public SctpParameter(ushort type, ReadOnlySpan<byte> value)
    {
        RawType = type;
        Value = value;
    }

    public ushort RawType { get; }

    public SctpParameterType Type => (SctpParameterType)RawType;

    public ReadOnlySpan<byte> Value { get; }
}
