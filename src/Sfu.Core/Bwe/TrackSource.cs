namespace Sfu.Core.Bwe;

/// <summary>What a video track shows, for the allocator's priorities.</summary>
public enum TrackSource
{
    /// <summary>A camera (or anything else that is not a screen).</summary>
    Camera,

    /// <summary>A screen share: served before cameras.</summary>
    ScreenShare,
}
