using System.Buffers.Binary;

namespace Sfu.Core.Sctp.Chunks;

/// <summary>
/// Re-configuration Response parameter (RFC 6525 4.4): the request's sequence number and the result (the optional
/// sender's/receiver's next TSN fields of SSN/TSN resets are not used by WebRTC).
/// </summary>
public readonly record struct SctpReconfigResponse(uint ResponseSequenceNumber, SctpReconfigResult Result)
{
    public const int MinimumLength = 8;

    public static SctpParseError TryParse(ReadOnlySpan<byte> value, out SctpReconfigResponse response)
    {
        response = default;
        if (value.Length < MinimumLength)
        {
            return SctpParseError.TooShort;
        }

        if (value.Length is not (MinimumLength or MinimumLength + 8))
        {
            return SctpParseError.BadLength;
        }

        response = new SctpReconfigResponse(BinaryPrimitives.ReadUInt32BigEndian(value), (SctpReconfigResult)BinaryPrimitives.ReadUInt32BigEndian(value[4..]));
        return SctpParseError.None;
    }
}
