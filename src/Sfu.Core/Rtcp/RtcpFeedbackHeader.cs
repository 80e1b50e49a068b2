using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// The common part of RTPFB and PSFB feedback messages (RFC 4585 section 6.1): header, sender SSRC and media SSRC.
/// Also rewrites the SSRCs in place, which is what an SFU does when it relays feedback (PLI, FIR, NACK) from a
/// subscriber to the publisher.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|   FMT   |       PT      |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </remarks>
public readonly struct RtcpFeedbackHeader
{
    /// <summary>Length of the header plus both SSRCs, i.e. the offset of the FCI.</summary>
    public const int Length = 12;

    private RtcpFeedbackHeader(RtcpHeader header, uint senderSsrc, uint mediaSsrc)
    {
        Header = header;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>The common RTCP header (its <see cref="RtcpHeader.Format"/> is the FMT).</summary>
    public RtcpHeader Header { get; }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source the feedback is about.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Feedback message type.</summary>
    public int Format => Header.Format;

    /// <summary>RTPFB or PSFB.</summary>
    public RtcpPacketType PacketType => Header.PacketType;

    /// <summary>FCI length in bytes (padding excluded).</summary>
    public int FciLength => Header.BodyLength - 8;

    /// <summary>
    /// Parses the feedback header of the RTPFB or PSFB packet at the start of <paramref name="packet"/>. Never throws.
    /// </summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out RtcpFeedbackHeader feedback)
    {
        feedback = default;
        RtcpParseError error = RtcpHeader.TryParse(packet, out RtcpHeader header);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (header.PacketType is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback))
        {
            return RtcpParseError.WrongPacketType;
        }

        if (header.BodyLength < 8)
        {
            return RtcpParseError.TooShort;
        }

        feedback = new RtcpFeedbackHeader(
            header,
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4)));
        return RtcpParseError.None;
    }

    /// <summary>Rewrites the sender SSRC of a feedback packet in place.</summary>
    public static void SetSenderSsrc(Span<byte> packet, uint ssrc)
    {
        RtcpHeader.CheckDestination(packet, Length);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4), ssrc);
    }

    /// <summary>Rewrites the media source SSRC of a feedback packet in place.</summary>
    public static void SetMediaSsrc(Span<byte> packet, uint ssrc)
    {
        RtcpHeader.CheckDestination(packet, Length);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8), ssrc);
    }

    /// <summary>
    /// Parses a feedback packet of a given type and FMT and returns its FCI (padding excluded).
    /// </summary>
    internal static RtcpParseError TryGetFci(
        ReadOnlySpan<byte> packet,
        RtcpPacketType packetType,
        int format,
        out RtcpFeedbackHeader feedback,
        out ReadOnlySpan<byte> fci)
    {
        fci = default;
        RtcpParseError error = TryParse(packet, out feedback);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (feedback.PacketType != packetType)
        {
            feedback = default;
            return RtcpParseError.WrongPacketType;
        }

        if (feedback.Format != format)
        {
            feedback = default;
            return RtcpParseError.WrongFormat;
        }

        fci = packet.Slice(Length, feedback.FciLength);
        return RtcpParseError.None;
    }

    /// <summary>Writes the common header and both SSRCs of a feedback packet of <paramref name="packetLength"/> bytes.</summary>
    internal static void Write(Span<byte> destination, RtcpPacketType packetType, int format, int packetLength, uint senderSsrc, uint mediaSsrc)
    {
        RtcpHeader.CheckDestination(destination, packetLength);
        RtcpHeader.Write(destination, format, packetType, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), mediaSsrc);
    }
}
