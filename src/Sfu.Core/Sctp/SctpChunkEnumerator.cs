using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>Walks the chunks of a validated packet (see <see cref="SctpPacket.TryValidate"/>).</summary>
public ref struct SctpChunkEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private SctpChunk _current;

    internal SctpChunkEnumerator(ReadOnlySpan<byte> chunks)
    {
        _rest = chunks;
        _current = default;
    }

    public readonly SctpChunk Current => _current;

    public readonly SctpChunkEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_rest.Length < SctpChunk.HeaderLength)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < SctpChunk.HeaderLength || length > _rest.Length)
        {
            _rest = default;
            return false;
        }

        _current = new SctpChunk(_rest[0], _rest[1], _rest[SctpChunk.HeaderLength..length]);
        int advance = Math.Min(SctpPacket.Pad4(length), _rest.Length);
        _rest = _rest[advance..];
        return true;
    }
}
