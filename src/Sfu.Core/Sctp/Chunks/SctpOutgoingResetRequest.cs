using System.Buffers.Binary;

namespace Sfu.Core.Sctp.Chunks;

/// <summary>
/// Outgoing SSN Reset Request parameter (RFC 6525 4.1), which a WebRTC peer sends to close data channels:
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Request Sequence Number            |
/// |           Re-configuration Response Sequence Number           |
/// |                Sender's Last Assigned TSN                     |
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// /                            ......                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// No stream listed means all streams.
/// </summary>
public readonly ref struct SctpOutgoingResetRequest
{
    public const int FixedLength = 12;

    private readonly ReadOnlySpan<byte> _streams;

    private SctpOutgoingResetRequest(uint request, uint response, uint lastTsn, ReadOnlySpan<byte> streams)
    {
        RequestSequenceNumber = request;
        ResponseSequenceNumber = response;
        SendersLastAssignedTsn = lastTsn;
        _streams = streams;
    }

    public uint RequestSequenceNumber { get; }

    public uint ResponseSequenceNumber { get; }

    public uint SendersLastAssignedTsn { get; }

    public int StreamCount => _streams.Length / 2;

    public ushort GetStream(int index) => BinaryPrimitives.ReadUInt16BigEndian(_streams[(index * 2)..]);

    public static SctpParseError TryParse(ReadOnlySpan<byte> value, out SctpOutgoingResetRequest request)
    {
        request = default;
        if (value.Length < FixedLength)
        {
            return SctpParseError.TooShort;
        }

        if ((value.Length - FixedLength) % 2 != 0)
        {
            return SctpParseError.BadLength;
        }

        request = new SctpOutgoingResetRequest(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            value[FixedLength..]);
        return SctpParseError.None;
    }
}
