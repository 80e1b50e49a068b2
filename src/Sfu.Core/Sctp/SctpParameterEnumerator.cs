using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// Walks TLV parameters. Stops at the first malformed one and then reports it through <see cref="Malformed"/>;
/// a missing pad after the last parameter is accepted.
/// </summary>
public ref struct SctpParameterEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private SctpParameter _current;

    public SctpParameterEnumerator(ReadOnlySpan<byte> parameters)
    {
        _rest = parameters;
        _current = default;
        Malformed = false;
    }

    /// <summary>True when the walk stopped at a parameter whose length does not fit.</summary>
    public bool Malformed { get; private set; }

    public readonly SctpParameter Current => _current;

    public readonly SctpParameterEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        if (_rest.Length < SctpParameter.HeaderLength)
        {
            Malformed = true;
            _rest = default;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < SctpParameter.HeaderLength || length > _rest.Length)
        {
            Malformed = true;
            _rest = default;
            return false;
        }

        _current = new SctpParameter(BinaryPrimitives.ReadUInt16BigEndian(_rest), _rest[SctpParameter.HeaderLength..length]);
        _rest = _rest[Math.Min(SctpPacket.Pad4(length), _rest.Length)..];
        return true;
    }
}
