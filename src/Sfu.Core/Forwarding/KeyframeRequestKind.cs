namespace Sfu.Core.Forwarding;

/// <summary>What a keyframe request to a publisher is for, which sets how often one may go per receive stream.</summary>
public enum KeyframeRequestKind
{
    /// <summary>
    /// A subscriber's PLI or FIR, a layer switch, a resume or an unmute: at most one per
    /// <see cref="RoomRouter.KeyframeRequestInterval"/> per stream (the down-track keeps forwarding meanwhile, or waits).
    /// </summary>
    Routine,

    /// <summary>
    /// A down-track that has shown no picture yet and can send now (its subscriber's transport is connected): at most
    /// one per <see cref="RoomRouter.FirstPictureKeyframeRequestInterval"/> per stream, so a joiner's first frame does
    /// not wait out the routine interval, and many joining at once share one keyframe per layer.
    /// </summary>
    FirstPicture,
}
