using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Keeps a down-track's VP8 picture IDs and TL0PICIDX continuous while its source changes (simulcast switches) and
/// while it drops temporal layers: outgoing = incoming − offset, in the field's modulus (2^15 or 2^7 for picture IDs,
/// 2^8 for TL0PICIDX). At <see cref="Resync"/> (a switch) the offsets are recomputed so that the new source's first
/// picture continues the old numbering by one; every picture dropped for its temporal layer shifts the picture ID
/// offset by one, so the subscriber sees no gap. Temporal layers above <see cref="MaxTemporalLayer"/> are dropped; the
/// limit is lowered at once and raised at the next layer-sync picture (Y bit) of the higher layer.
/// </summary>
/// <remarks>
/// Packets of one picture share its numbers; a reordered packet of an older picture gets the current offset (exact
/// unless a temporal drop happened in between). Pure, allocation-free; one per VP8 down-track.
/// </remarks>
internal sealed class Vp8Munger
{
    /// <summary>No temporal layer limit.</summary>
    public const int AllTemporalLayers = 3;

    private long _lastInPicture;
    private long _pictureOffset;
    private long _lastOutPicture = -1;
    private long _lastInTl0;
    private long _tl0Offset;
    private long _lastOutTl0 = -1;
    private bool _pictureStarted;
    private bool _tl0Started;
    private bool _resyncPending;
    private int _targetMaxTemporalLayer = AllTemporalLayers;

    /// <summary>The highest temporal layer forwarded now.</summary>
    public int MaxTemporalLayer { get; private set; } = AllTemporalLayers;

    /// <summary>Pictures dropped for their temporal layer.</summary>
    public long DroppedPictures { get; private set; }

    /// <summary>Chooses the highest temporal layer to forward: lower at once, higher from its next layer-sync picture.</summary>
    public void SetMaxTemporalLayer(int layer)
    {
        _targetMaxTemporalLayer = Math.Clamp(layer, 0, AllTemporalLayers);
        if (_targetMaxTemporalLayer < MaxTemporalLayer)
        {
            MaxTemporalLayer = _targetMaxTemporalLayer;
        }
    }

    /// <summary>The next packet comes from a new source: its numbering continues from the last one sent.</summary>
    public void Resync() => _resyncPending = true;

    /// <summary>Decides about one VP8 packet and computes its outgoing fields.</summary>
    public Vp8MungeAction Process(ReadOnlySpan<byte> payload, out Vp8Rewrite rewrite)
    {
        rewrite = default;
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return Vp8MungeAction.Invalid;
        }

        bool resync = _resyncPending;
        _resyncPending = false;
        int temporal = descriptor.TemporalLayerId;
        if (temporal > MaxTemporalLayer && temporal <= _targetMaxTemporalLayer && descriptor.IsLayerSync && descriptor.IsStartOfFrame)
        {
            MaxTemporalLayer = temporal; // a layer-sync picture: it depends only on TL0, safe to start the layer here
        }

        long picture = descriptor.HasPictureId ? ExtendPicture(descriptor, resync) : 0;
        if (temporal > MaxTemporalLayer)
        {
            if (descriptor.HasPictureId && picture > _lastInPicture)
            {
                _lastInPicture = picture;
                _pictureOffset++;
                DroppedPictures++;
            }

            return Vp8MungeAction.DropTemporalLayer;
        }

        ushort outPicture = 0;
        if (descriptor.HasPictureId)
        {
            _lastInPicture = Math.Max(_lastInPicture, picture);
            long outgoing = picture - _pictureOffset;
            _lastOutPicture = Math.Max(_lastOutPicture, outgoing);
            outPicture = (ushort)(outgoing & 0x7FFF);
        }

        byte outTl0 = 0;
        if (descriptor.HasTl0PicIdx)
        {
            long tl0 = ExtendTl0(descriptor.Tl0PicIdx, resync);
            long outgoing = tl0 - _tl0Offset;
            _lastOutTl0 = Math.Max(_lastOutTl0, outgoing);
            outTl0 = (byte)outgoing;
        }

        rewrite = new Vp8Rewrite(descriptor, outPicture, outTl0);
        return Vp8MungeAction.Forward;
    }

    private long ExtendPicture(in Vp8PayloadDescriptor descriptor, bool resync)
    {
        int modulus = descriptor.HasTwoBytePictureId ? 0x8000 : 0x80;
        int raw = descriptor.PictureId & (modulus - 1);
        if (!_pictureStarted || resync)
        {
            // Above everything seen, and equal to the raw value modulo the field's size (0x10000 is a multiple of both).
            long extended = ((_pictureStarted ? _lastInPicture + 0x10000 : 0x10000) & ~0xFFFFL) + raw;
            // The first source passes through unchanged; a new one continues the outgoing numbering by one.
            _pictureOffset = _pictureStarted ? extended - (_lastOutPicture + 1) : extended - raw;
            _lastInPicture = extended - 1;
            _pictureStarted = true;
            return extended;
        }

        int half = modulus / 2;
        int delta = (int)((raw - _lastInPicture) & (modulus - 1));
        if (delta >= half)
        {
            delta -= modulus;
        }

        return _lastInPicture + delta;
    }

    private long ExtendTl0(byte raw, bool resync)
    {
        if (!_tl0Started || resync)
        {
            long extended = ((_tl0Started ? _lastInTl0 + 0x100 : 0x100) & ~0xFFL) + raw;
            _tl0Offset = _tl0Started ? extended - (_lastOutTl0 + 1) : extended - raw;
            _lastInTl0 = extended;
            _tl0Started = true;
            return extended;
        }

        int delta = (int)((raw - _lastInTl0) & 0xFF);
        if (delta >= 0x80)
        {
            delta -= 0x100;
        }

        long value = _lastInTl0 + delta;
        _lastInTl0 = Math.Max(_lastInTl0, value);
        return value;
    }
}
