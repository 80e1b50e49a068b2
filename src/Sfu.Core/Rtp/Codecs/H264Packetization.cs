using System.Buffers.Binary;

namespace Sfu.Core.Rtp.Codecs;

/// <summary>
/// Keyframe detection for H.264 RTP payloads (RFC 6184): single NAL unit packets, aggregation packets
/// (STAP-A/B, MTAP16/24) and fragmentation units (FU-A/B).
/// </summary>
/// <remarks>
/// Every payload starts with a NAL unit header:
/// <code>
/// +---------------+
/// |0|1|2|3|4|5|6|7|
/// +-+-+-+-+-+-+-+-+
/// |F|NRI|  Type   |
/// +---------------+
/// </code>
/// Type 1..23 is a single NAL unit; 24 STAP-A, 25 STAP-B, 26 MTAP16, 27 MTAP24 aggregate NAL units each preceded by
/// a 16-bit size; 28 FU-A and 29 FU-B carry a fragment with an FU header <c>|S|E|R|Type|</c> after the indicator.
/// A packet counts as a keyframe when it holds an IDR slice (type 5) or a sequence parameter set (type 7), or is
/// the first fragment of one.
/// </remarks>
public static class H264Packetization
{
    /// <summary>NAL unit type of a coded slice of an IDR picture.</summary>
    public const int IdrSlice = 5;

    /// <summary>NAL unit type of a sequence parameter set.</summary>
    public const int SequenceParameterSet = 7;

    /// <summary>NAL unit type of a picture parameter set.</summary>
    public const int PictureParameterSet = 8;

    /// <summary>STAP-A packet type.</summary>
    public const int StapA = 24;

    /// <summary>STAP-B packet type.</summary>
    public const int StapB = 25;

    /// <summary>MTAP16 packet type.</summary>
    public const int Mtap16 = 26;

    /// <summary>MTAP24 packet type.</summary>
    public const int Mtap24 = 27;

    /// <summary>FU-A packet type.</summary>
    public const int FuA = 28;

    /// <summary>FU-B packet type.</summary>
    public const int FuB = 29;

    /// <summary>The NAL unit (or packet) type of the payload's first octet; -1 for an empty payload.</summary>
    public static int GetPacketType(ReadOnlySpan<byte> payload) => payload.IsEmpty ? -1 : payload[0] & 0x1F;

    /// <summary>
    /// True when the payload carries an IDR slice or an SPS (single, aggregated, or as the start of a fragmented
    /// NAL unit). Malformed payloads return false. Never throws.
    /// </summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        int type = GetPacketType(payload);
        switch (type)
        {
            case >= 1 and <= 23:
                return IsKeyframeNalType(type);
            case StapA:
                return AnyKeyframeUnit(payload.Slice(1), perUnitHeader: 0);
            case StapB:
                return payload.Length >= 3 && AnyKeyframeUnit(payload.Slice(3), perUnitHeader: 0);
            case Mtap16:
                return payload.Length >= 3 && AnyKeyframeUnit(payload.Slice(3), perUnitHeader: 3);
            case Mtap24:
                return payload.Length >= 3 && AnyKeyframeUnit(payload.Slice(3), perUnitHeader: 4);
            case FuA:
            case FuB:
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyframeNalType(payload[1] & 0x1F);
            default:
                return false;
        }
    }

    private static bool IsKeyframeNalType(int type) => type is IdrSlice or SequenceParameterSet;

    /// <summary>
    /// Walks aggregation units (16-bit NAL unit size, then <paramref name="perUnitHeader"/> bytes of DOND and TS offset
    /// for MTAPs, then the NAL unit of that size) and looks for a keyframe NAL unit. Stops at the first malformed unit.
    /// </summary>
    private static bool AnyKeyframeUnit(ReadOnlySpan<byte> units, int perUnitHeader)
    {
        int offset = 0;
        while (offset + 2 <= units.Length)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(units.Slice(offset, 2));
            offset += 2;
            offset += perUnitHeader;
            if (size == 0 || offset + size > units.Length)
            {
                return false;
            }

            if (IsKeyframeNalType(units[offset] & 0x1F))
            {
                return true;
            }

            offset += size;
        }

        return false;
    }
}
