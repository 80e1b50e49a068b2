namespace Sfu.Core.Rtp.Codecs;

/// <summary>
/// The VP9 payload descriptor (RFC 9628 section 4.2) at the start of a VP9 RTP payload: a plain value with the
/// parsed flags, layer indices and offsets, for keyframe detection and SVC layer selection.
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (RECOMMENDED)
///      +-+-+-+-+-+-+-+-+
/// M:   | EXTENDED PID  | (RECOMMENDED)
///      +-+-+-+-+-+-+-+-+
/// L:   | TID |U| SID |D| (Conditionally RECOMMENDED)
///      +-+-+-+-+-+-+-+-+
///      |   TL0PICIDX   | (Conditionally REQUIRED: L = 1 and F = 0)
///      +-+-+-+-+-+-+-+-+                             -\
/// P,F: | P_DIFF      |N| (Conditionally REQUIRED)    - up to 3 times
///      +-+-+-+-+-+-+-+-+                             -/
/// V:   | SS            |
///      | ..            |
///      +-+-+-+-+-+-+-+-+
/// </code>
/// Scalability structure (V = 1):
/// <code>
///      +-+-+-+-+-+-+-+-+
/// V:   | N_S |Y|G|-|-|-|
///      +-+-+-+-+-+-+-+-+              -\
/// Y:   |     WIDTH     | (16 bits)     - N_S + 1 times
///      |     HEIGHT    | (16 bits)    -/
///      +-+-+-+-+-+-+-+-+
/// G:   |      N_G      |
///      +-+-+-+-+-+-+-+-+                           -\
/// N_G: | TID |U| R |-|-|                            - N_G times
///      |    P_DIFF     | (R times)                 -/
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct Vp9PayloadDescriptor
{
    private readonly byte _required;
    private readonly byte _layers;

    private Vp9PayloadDescriptor(byte required, byte layers, ushort pictureId, bool twoBytePictureId, byte tl0PicIdx, int pictureIdOffset, int tl0PicIdxOffset, int length)
    {
        _required = required;
        _layers = layers;
        PictureId = pictureId;
        HasTwoBytePictureId = twoBytePictureId;
        Tl0PicIdx = tl0PicIdx;
        PictureIdOffset = pictureIdOffset;
        Tl0PicIdxOffset = tl0PicIdxOffset;
        Length = length;
    }

    /// <summary>I: a PictureID is present.</summary>
    public bool HasPictureId => (_required & 0x80) != 0;

    /// <summary>P: the picture uses inter-picture prediction (not a keyframe when clear).</summary>
    public bool IsInterPicturePredicted => (_required & 0x40) != 0;

    /// <summary>L: layer indices are present.</summary>
    public bool HasLayerIndices => (_required & 0x20) != 0;

    /// <summary>F: flexible mode (P_DIFF references instead of TL0PICIDX).</summary>
    public bool IsFlexibleMode => (_required & 0x10) != 0;

    /// <summary>B: start of a frame (of a layer frame in SVC).</summary>
    public bool IsStartOfFrame => (_required & 0x08) != 0;

    /// <summary>E: end of a frame.</summary>
    public bool IsEndOfFrame => (_required & 0x04) != 0;

    /// <summary>V: a scalability structure is present.</summary>
    public bool HasScalabilityStructure => (_required & 0x02) != 0;

    /// <summary>Z: the frame is not used for inter-layer prediction by upper spatial layers.</summary>
    public bool IsNotReferenceForUpperSpatialLayers => (_required & 0x01) != 0;

    /// <summary>The PictureID (7 or 15 bits); 0 when absent.</summary>
    public ushort PictureId { get; }

    /// <summary>M: the PictureID is 15 bits wide.</summary>
    public bool HasTwoBytePictureId { get; }

    /// <summary>Temporal layer ID (0..7); 0 without layer indices.</summary>
    public int TemporalLayerId => HasLayerIndices ? _layers >> 5 : 0;

    /// <summary>U: switching up point.</summary>
    public bool IsSwitchingUpPoint => HasLayerIndices && (_layers & 0x10) != 0;

    /// <summary>Spatial layer ID (0..7); 0 without layer indices.</summary>
    public int SpatialLayerId => HasLayerIndices ? (_layers >> 1) & 0x07 : 0;

    /// <summary>D: inter-layer dependency on the spatial layer below.</summary>
    public bool HasInterLayerDependency => HasLayerIndices && (_layers & 0x01) != 0;

    /// <summary>True when a TL0PICIDX is present (L = 1 in non-flexible mode).</summary>
    public bool HasTl0PicIdx => Tl0PicIdxOffset >= 0;

    /// <summary>Temporal level zero index; 0 when absent.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>Offset of the PictureID field; -1 when absent.</summary>
    public int PictureIdOffset { get; }

    /// <summary>Offset of TL0PICIDX; -1 when absent.</summary>
    public int Tl0PicIdxOffset { get; }

    /// <summary>Length of the descriptor, scalability structure included: offset of the VP9 payload.</summary>
    public int Length { get; }

    /// <summary>
    /// True when this packet starts a keyframe: no inter-picture prediction (P = 0), start of a frame (B = 1), and
    /// the base spatial layer (SID 0, or no layer indices).
    /// </summary>
    public bool StartsKeyframe => !IsInterPicturePredicted && IsStartOfFrame && SpatialLayerId == 0;

    /// <summary>Parses the descriptor (and skips the scalability structure) at the start of <paramref name="payload"/>. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte required = payload[0];
        int offset = 1;
        ushort pictureId = 0;
        bool twoByte = false;
        int pictureIdOffset = -1;
        if ((required & 0x80) != 0)
        {
            pictureIdOffset = offset;
            if (!PictureIdFields.TryReadPictureId(payload, ref offset, out pictureId, out twoByte))
            {
                return false;
            }
        }

        byte layers = 0;
        byte tl0PicIdx = 0;
        int tl0Offset = -1;
        bool flexible = (required & 0x10) != 0;
        if ((required & 0x20) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            layers = payload[offset++];
            if (!flexible)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0Offset = offset;
                tl0PicIdx = payload[offset++];
            }
        }

        if (flexible && (required & 0x40) != 0)
        {
            // Up to three P_DIFF octets; N (the low bit) says another one follows.
            for (int count = 1; ; count++)
            {
                if (offset >= payload.Length || count > 3)
                {
                    return false;
                }

                bool more = (payload[offset++] & 0x01) != 0;
                if (!more)
                {
                    break;
                }
            }
        }

        if ((required & 0x02) != 0 && !TrySkipScalabilityStructure(payload, ref offset))
        {
            return false;
        }

        descriptor = new Vp9PayloadDescriptor(required, layers, pictureId, twoByte, tl0PicIdx, pictureIdOffset, tl0Offset, offset);
        return true;
    }

    /// <summary>True when the VP9 payload starts a keyframe; false for anything else, malformed input included.</summary>
    public static bool IsKeyframe(ReadOnlySpan<byte> payload) => TryParse(payload, out Vp9PayloadDescriptor descriptor) && descriptor.StartsKeyframe;

    /// <summary>Rewrites the PictureID in place, keeping its width. Returns false when absent.</summary>
    public bool TryRewritePictureId(Span<byte> payload, ushort pictureId)
        => PictureIdFields.TryWritePictureId(payload, PictureIdOffset, HasTwoBytePictureId, pictureId);

    /// <summary>Rewrites TL0PICIDX in place. Returns false when absent.</summary>
    public bool TryRewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
        => PictureIdFields.TryWriteTl0PicIdx(payload, Tl0PicIdxOffset, tl0PicIdx);

    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset)
    {
        if (offset >= payload.Length)
        {
            return false;
        }

        byte header = payload[offset++];
        int spatialLayers = (header >> 5) + 1;
        if ((header & 0x10) != 0)
        {
            offset += spatialLayers * 4; // width and height per spatial layer
            if (offset > payload.Length)
            {
                return false;
            }
        }

        if ((header & 0x08) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            int groups = payload[offset++];
            for (int group = 0; group < groups; group++)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                int references = (payload[offset++] >> 2) & 0x03;
                offset += references;
                if (offset > payload.Length)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
