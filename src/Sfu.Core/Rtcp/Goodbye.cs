using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>A goodbye packet (RFC 3550 section 6.6): a view over the packet.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           SSRC/CSRC                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :                              ...                              :
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |     length    |               reason for leaving            ...   (optional)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _sources;

    private Goodbye(ReadOnlySpan<byte> sources, ReadOnlySpan<byte> reason, bool hasReason)
    {
        _sources = sources;
        Reason = reason;
        HasReason = hasReason;
    }

    /// <summary>Number of SSRC/CSRC identifiers (the SC field).</summary>
    public int SourceCount => _sources.Length / 4;

    /// <summary>True when the packet carries a reason (possibly empty).</summary>
    public bool HasReason { get; }

    /// <summary>The reason for leaving (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>The SSRC/CSRC at <paramref name="index"/>.</summary>
    public uint GetSource(int index)
    {
        if ((uint)index >= (uint)SourceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_sources.Slice(index * 4, 4));
    }

    /// <summary>Parses the BYE packet at the start of <paramref name="packet"/>. Never throws.</summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out Goodbye goodbye)
    {
        goodbye = default;
        RtcpParseError error = RtcpHeader.TryGetBody(packet, RtcpPacketType.Goodbye, out RtcpHeader header, out ReadOnlySpan<byte> body);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        int sourcesLength = header.Count * 4;
        if (sourcesLength > body.Length)
        {
            return RtcpParseError.CountOverrun;
        }

        ReadOnlySpan<byte> rest = body.Slice(sourcesLength);
        if (rest.Length == 0)
        {
            goodbye = new Goodbye(body.Slice(0, sourcesLength), default, false);
            return RtcpParseError.None;
        }

        if (1 + rest[0] > rest.Length)
        {
            return RtcpParseError.ItemOverrun;
        }

        goodbye = new Goodbye(body.Slice(0, sourcesLength), rest.Slice(1, rest[0]), true);
        return RtcpParseError.None;
    }

    /// <summary>Length of a BYE with <paramref name="sourceCount"/> sources and a reason of <paramref name="reasonLength"/> bytes (0: none).</summary>
    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpHeader.Length + (sourceCount * 4) + (reasonLength > 0 ? (1 + reasonLength + 3) & ~3 : 0);

    /// <summary>Writes a BYE for up to 31 sources with an optional reason (at most 255 bytes) and returns its length.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> sources, ReadOnlySpan<byte> reason = default)
    {
        if (sources.Length > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(sources), sources.Length, "At most 31 sources fit in one BYE.");
        }

        if (reason.Length > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason.Length, "The BYE reason is at most 255 bytes.");
        }

        int length = GetLength(sources.Length, reason.Length);
        RtcpHeader.CheckDestination(destination, length);
        RtcpHeader.Write(destination, sources.Length, RtcpPacketType.Goodbye, length);
        int position = RtcpHeader.Length;
        for (int i = 0; i < sources.Length; i++, position += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(position), sources[i]);
        }

        if (reason.Length > 0)
        {
            destination[position] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(position + 1));
            position += 1 + reason.Length;
            destination.Slice(position, length - position).Clear();
        }

        return length;
    }
}
