namespace Sfu.Core.Rtp.Codecs;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 section 4.2) at the start of a VP8 RTP payload: a plain value holding the
/// parsed fields and their offsets, so an SFU can detect keyframes and rewrite PictureID / TL0PICIDX in place when
/// it switches simulcast layers.
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (present when M = 1: 15-bit PictureID)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// The VP8 payload header (RFC 7741 section 4.3) follows at the start of partition 0; its P bit (the least
/// significant bit of the first octet) is 0 for a key frame:
/// <code>
///      |Size0|H| VER |P|
/// </code>
/// </remarks>
public readonly struct Vp8PayloadDescriptor
{
    private readonly byte _required;
    private readonly byte _extension;
    private readonly byte _temporal;

    private Vp8PayloadDescriptor(
        byte required,
        byte extension,
        byte temporal,
        ushort pictureId,
        bool twoBytePictureId,
        byte tl0PicIdx,
        int pictureIdOffset,
        int tl0PicIdxOffset,
        int length,
        bool isKeyframe)
    {
        _required = required;
        _extension = extension;
        _temporal = temporal;
        PictureId = pictureId;
        HasTwoBytePictureId = twoBytePictureId;
        Tl0PicIdx = tl0PicIdx;
        PictureIdOffset = pictureIdOffset;
        Tl0PicIdxOffset = tl0PicIdxOffset;
        Length = length;
        StartsKeyframe = isKeyframe;
    }

    /// <summary>X: the extended control bits octet is present.</summary>
    public bool HasExtendedControlBits => (_required & 0x80) != 0;

    /// <summary>N: the frame can be discarded without affecting other frames.</summary>
    public bool IsNonReference => (_required & 0x20) != 0;

    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool IsStartOfPartition => (_required & 0x10) != 0;

    /// <summary>PID: the partition index (0..7).</summary>
    public int PartitionIndex => _required & 0x07;

    /// <summary>True for the first packet of a frame: S = 1 and partition 0.</summary>
    public bool IsStartOfFrame => IsStartOfPartition && PartitionIndex == 0;

    /// <summary>I: a PictureID is present.</summary>
    public bool HasPictureId => (_extension & 0x80) != 0;

    /// <summary>L: a TL0PICIDX is present.</summary>
    public bool HasTl0PicIdx => (_extension & 0x40) != 0;

    /// <summary>T: TID and Y are present.</summary>
    public bool HasTemporalLayerId => (_extension & 0x20) != 0;

    /// <summary>K: KEYIDX is present.</summary>
    public bool HasKeyIndex => (_extension & 0x10) != 0;

    /// <summary>The PictureID (7 or 15 bits, see <see cref="HasTwoBytePictureId"/>); 0 when absent.</summary>
    public ushort PictureId { get; }

    /// <summary>M: the PictureID is 15 bits wide.</summary>
    public bool HasTwoBytePictureId { get; }

    /// <summary>Temporal level zero index; 0 when absent.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>Temporal layer index (0..3); 0 when absent.</summary>
    public int TemporalLayerId => HasTemporalLayerId ? _temporal >> 6 : 0;

    /// <summary>Y: layer sync, the frame depends only on temporal layer 0 base frames.</summary>
    public bool IsLayerSync => HasTemporalLayerId && (_temporal & 0x20) != 0;

    /// <summary>Temporal key frame index (5 bits); 0 when absent.</summary>
    public int KeyIndex => HasKeyIndex ? _temporal & 0x1F : 0;

    /// <summary>Offset of the PictureID field in the payload; -1 when absent.</summary>
    public int PictureIdOffset { get; }

    /// <summary>Offset of the TL0PICIDX field in the payload; -1 when absent.</summary>
    public int Tl0PicIdxOffset { get; }

    /// <summary>Length of the descriptor: offset of the VP8 payload.</summary>
    public int Length { get; }

    /// <summary>True when this packet starts a key frame: S = 1, PID = 0, and the payload header's P bit is 0.</summary>
    public bool StartsKeyframe { get; }

    /// <summary>Parses the descriptor at the start of <paramref name="payload"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte required = payload[0];
        int offset = 1;
        byte extension = 0;
        byte temporal = 0;
        ushort pictureId = 0;
        bool twoByte = false;
        byte tl0PicIdx = 0;
        int pictureIdOffset = -1;
        int tl0Offset = -1;
        if ((required & 0x80) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            extension = payload[offset++];
            if ((extension & 0x80) != 0)
            {
                pictureIdOffset = offset;
                if (!PictureIdFields.TryReadPictureId(payload, ref offset, out pictureId, out twoByte))
                {
                    return false;
                }
            }

            if ((extension & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0Offset = offset;
                tl0PicIdx = payload[offset++];
            }

            if ((extension & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                temporal = payload[offset++];
            }
        }

        bool keyframe = (required & 0x17) == 0x10 && offset < payload.Length && (payload[offset] & 0x01) == 0;
        descriptor = new Vp8PayloadDescriptor(required, extension, temporal, pictureId, twoByte, tl0PicIdx, pictureIdOffset, tl0Offset, offset, keyframe);
        return true;
    }

    /// <summary>True when the VP8 payload starts a key frame; false for anything else, malformed input included.</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload) => TryParse(payload, out Vp8PayloadDescriptor descriptor) && descriptor.StartsKeyframe;

    /// <summary>
    /// Reads the frame size from the first packet of a key frame: after the descriptor, the 3-byte frame tag, the start
    /// code 9D 01 2A, then 14-bit little-endian width and height (RFC 6386 section 9.1). False for anything else.
    /// </summary>
    public static bool TryReadKeyframeSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (!TryParse(payload, out Vp8PayloadDescriptor descriptor) || !descriptor.StartsKeyframe)
        {
            return false;
        }

        ReadOnlySpan<byte> frame = payload.Slice(descriptor.Length);
        if (frame.Length < 10 || frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A)
        {
            return false;
        }

        width = (frame[6] | (frame[7] << 8)) & 0x3FFF;
        height = (frame[8] | (frame[9] << 8)) & 0x3FFF;
        return width > 0 && height > 0;
    }

    /// <summary>
    /// Rewrites the PictureID in place, keeping its width: a 15-bit field gets <paramref name="pictureId"/> modulo
    /// 2^15, a 7-bit field modulo 2^7. Returns false when the descriptor has no PictureID.
    /// </summary>
    public bool TryRewritePictureId(Span<byte> payload, ushort pictureId)
        => PictureIdFields.TryWritePictureId(payload, PictureIdOffset, HasTwoBytePictureId, pictureId);

    /// <summary>Rewrites TL0PICIDX in place. Returns false when the descriptor has none.</summary>
    public bool TryRewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
        => PictureIdFields.TryWriteTl0PicIdx(payload, Tl0PicIdxOffset, tl0PicIdx);
}
