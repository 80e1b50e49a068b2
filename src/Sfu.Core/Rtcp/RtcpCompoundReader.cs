namespace Sfu.Core.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP packet (RFC 3550 section 6.1) without allocating. Every packet whose header
/// is valid is yielded, whatever its type, so unknown types can be forwarded or ignored by the caller. The reader
/// stops at the end of the buffer, or at the first impossible header, setting <see cref="Error"/>; it never throws.
/// </summary>
/// <example>
/// <code>
/// var reader = new RtcpCompoundReader(datagram);
/// while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan&lt;byte&gt; packet)) { ... }
/// if (reader.Error != RtcpParseError.None) { count the bad datagram }
/// </code>
/// </example>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;

    /// <summary>Creates a reader over one compound packet (one datagram, after SRTCP decryption).</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> compound)
    {
        _buffer = compound;
        _offset = 0;
        Error = RtcpParseError.None;
        PacketCount = 0;
    }

    /// <summary>Why reading stopped early; <see cref="RtcpParseError.None"/> when the buffer was consumed exactly.</summary>
    public RtcpParseError Error { get; private set; }

    /// <summary>Offset of the next packet in the buffer.</summary>
    public readonly int Offset => _offset;

    /// <summary>Number of packets yielded so far.</summary>
    public int PacketCount { get; private set; }

    /// <summary>
    /// Reads the next packet. <paramref name="packet"/> spans the whole packet: header, body and padding.
    /// Returns false at the end of the buffer or on an error (see <see cref="Error"/>); an empty buffer is
    /// <see cref="RtcpParseError.TooShort"/>.
    /// </summary>
    public bool TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        header = default;
        if (Error != RtcpParseError.None)
        {
            return false;
        }

        if (_offset >= _buffer.Length)
        {
            if (PacketCount == 0)
            {
                Error = RtcpParseError.TooShort;
            }

            return false;
        }

        ReadOnlySpan<byte> rest = _buffer.Slice(_offset);
        RtcpParseError error = RtcpHeader.TryParse(rest, out header);
        if (error != RtcpParseError.None)
        {
            Error = error;
            _offset = _buffer.Length;
            return false;
        }

        packet = rest.Slice(0, header.PacketLength);
        _offset += header.PacketLength;
        PacketCount++;
        return true;
    }
}
