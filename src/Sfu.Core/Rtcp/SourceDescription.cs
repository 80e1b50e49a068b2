using System.Buffers.Binary;
using System.Text;

namespace Sfu.Core.Rtcp;

/// <summary>
/// A source description packet (RFC 3550 section 6.5): a view over the packet whose items are enumerated without
/// allocating. <see cref="TryParse"/> validates every chunk, so enumeration cannot fail.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_1                          |  chunk 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     type      |    length     |   text ...                    |  items,
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  ended by a
/// |  0 (end)      |  null padding to the next 32-bit boundary     |  null octet
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_2  ...                     |  chunk 2
/// </code>
/// </remarks>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    /// <summary>Number of chunks (the SC field).</summary>
    public int ChunkCount { get; }

    /// <summary>Parses the SDES packet at the start of <paramref name="packet"/>, validating all chunks. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out SourceDescription description)
    {
        description = default;
        RtcpParseError error = RtcpHeader.TryGetBody(packet, RtcpPacketType.SourceDescription, out RtcpHeader header, out ReadOnlySpan<byte> body);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        int position = 0;
        for (int chunk = 0; chunk < header.Count; chunk++)
        {
            if (position + 4 > body.Length)
            {
                return RtcpParseError.CountOverrun;
            }

            position += 4;
            while (true)
            {
                if (position >= body.Length)
                {
                    return RtcpParseError.MissingTerminator;
                }

                if (body[position] == (byte)SdesItemType.End)
                {
                    position = Math.Min(AlignTo4(position + 1), body.Length);
                    break;
                }

                if (position + 2 > body.Length || position + 2 + body[position + 1] > body.Length)
                {
                    return RtcpParseError.ItemOverrun;
                }

                position += 2 + body[position + 1];
            }
        }

        description = new SourceDescription(body, header.Count);
        return RtcpParseError.None;
    }

    /// <summary>Enumerates all items of all chunks.</summary>
    public Enumerator GetEnumerator() => new(_body, ChunkCount);

    /// <summary>Finds the first item of type <paramref name="type"/> in any chunk.</summary>
    public bool TryFindItem(SdesItemType type, out uint ssrc, out ReadOnlySpan<byte> value)
    {
        foreach (SourceDescriptionItem item in this)
        {
            if (item.Type == type)
            {
                ssrc = item.Ssrc;
                value = item.Value;
                return true;
            }
        }

        ssrc = 0;
        value = default;
        return false;
    }

    /// <summary>Length of an SDES packet with one chunk holding one CNAME of <paramref name="cnameLength"/> bytes.</summary>
    public static int GetCnameLength(int cnameLength)
    {
        if ((uint)cnameLength > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(cnameLength), cnameLength, "SDES items are at most 255 bytes.");
        }

        // header + SSRC + type + length + text + at least one null octet, padded to 32 bits.
        return AlignTo4(RtcpHeader.Length + 4 + 2 + cnameLength + 1);
    }

    /// <summary>Writes an SDES packet with one chunk holding one CNAME item and returns its length.</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        int length = GetCnameLength(cname.Length);
        RtcpHeader.CheckDestination(destination, length);
        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = (byte)SdesItemType.Cname;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + cname.Length, length - 10 - cname.Length).Clear();
        return length;
    }

    /// <summary>Writes an SDES packet with one CNAME item given as a string (UTF-8 encoded) and returns its length.</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, string cname)
    {
        ArgumentNullException.ThrowIfNull(cname);
        Span<byte> utf8 = stackalloc byte[255];
        if (!Encoding.UTF8.TryGetBytes(cname, utf8, out int written))
        {
            throw new ArgumentOutOfRangeException(nameof(cname), "The CNAME is longer than 255 UTF-8 bytes.");
        }

        return WriteCname(destination, ssrc, utf8.Slice(0, written));
    }

    private static int AlignTo4(int value) => (value + 3) & ~3;

    /// <summary>Enumerator over the items of a validated SDES packet.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private int _chunksLeft;
        private int _position;
        private uint _ssrc;
        private bool _inChunk;
        private SourceDescriptionItem _current;

        internal Enumerator(ReadOnlySpan<byte> body, int chunkCount)
        {
            _body = body;
            _chunksLeft = chunkCount;
            _position = 0;
            _ssrc = 0;
            _inChunk = false;
            _current = default;
        }

        /// <summary>The current item.</summary>
        public readonly SourceDescriptionItem Current => _current;

        /// <summary>Advances to the next item.</summary>
        public bool MoveNext()
        {
            while (true)
            {
                if (!_inChunk)
                {
                    if (_chunksLeft == 0)
                    {
                        return false;
                    }

                    _chunksLeft--;
                    _ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(_position, 4));
                    _position += 4;
                    _inChunk = true;
                }

                byte type = _body[_position];
                if (type == (byte)SdesItemType.End)
                {
                    _position = Math.Min(AlignTo4(_position + 1), _body.Length);
                    _inChunk = false;
                    continue;
                }

                int length = _body[_position + 1];
                _current = new SourceDescriptionItem(_ssrc, (SdesItemType)type, _body.Slice(_position + 2, length));
                _position += 2 + length;
                return true;
            }
        }
    }
}
