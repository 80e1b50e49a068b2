using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Forwarding;

/// <summary>
/// The codec fields a forwarded VP8 packet gets: apply it to the payload as copied into the outgoing buffer (the
/// descriptor's field offsets are the same there).
/// </summary>
internal readonly struct Vp8Rewrite
{
    private readonly Vp8PayloadDescriptor _descriptor;

    public Vp8Rewrite(in Vp8PayloadDescriptor descriptor, ushort pictureId, byte tl0PicIdx)
    {
        _descriptor = descriptor;
        PictureId = pictureId;
        Tl0PicIdx = tl0PicIdx;
    }

    /// <summary>The outgoing picture ID (15 bits, or 7 for a one-byte field), when the descriptor has one.</summary>
    public ushort PictureId { get; }

    /// <summary>The outgoing TL0PICIDX, when the descriptor has one.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>Writes the fields into <paramref name="payload"/> (which starts with the VP8 payload descriptor).</summary>
    public void Apply(Span<byte> payload)
    {
        if (_descriptor.HasPictureId)
        {
            _descriptor.TryRewritePictureId(payload, PictureId);
        }

        if (_descriptor.HasTl0PicIdx)
        {
            _descriptor.TryRewriteTl0PicIdx(payload, Tl0PicIdx);
        }
    }
}
