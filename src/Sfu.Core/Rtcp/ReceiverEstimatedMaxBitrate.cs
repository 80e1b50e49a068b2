using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// A receiver estimated maximum bitrate message (PSFB FMT 15 application layer feedback with identifier 'REMB',
/// draft-alvestrand-rmcat-remb-03): a view over the packet, and a writer.
/// </summary>
/// <remarks>
/// The bitrate in bits per second is mantissa × 2^exponent.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (0)                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   SSRC feedback                                               |  Num SSRC
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  times
/// </code>
/// </remarks>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    /// <summary>Largest mantissa (18 bits).</summary>
    public const uint MaxMantissa = (1u << 18) - 1;

    private const uint Identifier = 0x52454D42; // 'R' 'E' 'M' 'B'

    private readonly ReadOnlySpan<byte> _ssrcs;

    private ReceiverEstimatedMaxBitrate(uint senderSsrc, uint mediaSsrc, int exponent, uint mantissa, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Exponent = exponent;
        Mantissa = mantissa;
        _ssrcs = ssrcs;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Media source SSRC of the common header (0 per the draft).</summary>
    public uint MediaSsrc { get; }

    /// <summary>The 6-bit exponent.</summary>
    public int Exponent { get; }

    /// <summary>The 18-bit mantissa.</summary>
    public uint Mantissa { get; }

    /// <summary>The estimated maximum bitrate in bits per second (saturated at <see cref="ulong.MaxValue"/>).</summary>
    public ulong Bitrate => DecodeBitrate(Exponent, Mantissa);

    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>The SSRC at <paramref name="index"/>.</summary>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(index * 4, 4));
    }

    /// <summary>
    /// Parses the REMB at the start of <paramref name="packet"/>. A PSFB FMT 15 message without the 'REMB'
    /// identifier returns <see cref="RtcpParseError.NotRemb"/>. Never throws.
    /// </summary>
    public static RtcpParseError TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        RtcpParseError error = RtcpFeedbackHeader.TryGetFci(
            packet, RtcpPacketType.PayloadFeedback, (int)PayloadFeedbackFormat.ApplicationLayerFeedback, out RtcpFeedbackHeader feedback, out ReadOnlySpan<byte> fci);
        if (error != RtcpParseError.None)
        {
            return error;
        }

        if (fci.Length < 4 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return RtcpParseError.NotRemb;
        }

        if (fci.Length < 8)
        {
            return RtcpParseError.TooShort;
        }

        uint word = BinaryPrimitives.ReadUInt32BigEndian(fci.Slice(4));
        int ssrcCount = (int)(word >> 24);
        if (8 + (ssrcCount * 4) > fci.Length)
        {
            return RtcpParseError.CountOverrun;
        }

        remb = new ReceiverEstimatedMaxBitrate(
            feedback.SenderSsrc,
            feedback.MediaSsrc,
            (int)((word >> 18) & 0x3F),
            word & MaxMantissa,
            fci.Slice(8, ssrcCount * 4));
        return RtcpParseError.None;
    }

    /// <summary>Length of a REMB naming <paramref name="ssrcCount"/> SSRCs.</summary>
    public static int GetLength(int ssrcCount) => RtcpFeedbackHeader.Length + 8 + (ssrcCount * 4);

    /// <summary>
    /// Writes a REMB for <paramref name="bitrate"/> bits per second applying to up to 255 SSRCs and returns its length.
    /// The bitrate is rounded down to what an 18-bit mantissa with the smallest sufficient exponent can express.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        if (ssrcs.Length > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(ssrcs), ssrcs.Length, "A REMB names at most 255 SSRCs.");
        }

        int length = GetLength(ssrcs.Length);
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.PayloadFeedback, (int)PayloadFeedbackFormat.ApplicationLayerFeedback, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Identifier);
        EncodeBitrate(bitrate, out int exponent, out uint mantissa);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), ((uint)ssrcs.Length << 24) | ((uint)exponent << 18) | mantissa);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20 + (i * 4)), ssrcs[i]);
        }

        return length;
    }

    /// <summary>Splits a bitrate into the smallest exponent whose mantissa fits 18 bits (rounding down).</summary>
    public static void EncodeBitrate(ulong bitrate, out int exponent, out uint mantissa)
    {
        exponent = 0;
        while ((bitrate >> exponent) > MaxMantissa)
        {
            exponent++;
        }

        mantissa = (uint)(bitrate >> exponent);
    }

    /// <summary>mantissa × 2^exponent, saturated at <see cref="ulong.MaxValue"/>.</summary>
    public static ulong DecodeBitrate(int exponent, uint mantissa)
    {
        if (mantissa == 0)
        {
            return 0;
        }

        // An 18-bit mantissa shifted by up to 63 can exceed 64 bits.
        int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)mantissa);
        return bits + exponent > 64 ? ulong.MaxValue : (ulong)mantissa << exponent;
    }
}
