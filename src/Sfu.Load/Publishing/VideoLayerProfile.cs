namespace Sfu.Load.Publishing;

/// <summary>One simulcast layer of the synthetic camera: rid, frame size and target bitrate at 30 frames per second.</summary>
public sealed record VideoLayerProfile(string Rid, int Width, int Height, int BitrateBps)
{
    /// <summary>Frames per second of every layer.</summary>
    public const int FramesPerSecond = 30;

    /// <summary>Chromium's camera simulcast at 1280x720, lowest first (layer index = position): l, m, h.</summary>
    public static IReadOnlyList<VideoLayerProfile> Simulcast { get; } =
    [
        new("l", 320, 180, 150_000),
        new("m", 640, 360, 500_000),
        new("h", 1280, 720, 1_700_000),
    ];

    /// <summary>Average bytes of one frame at the target bitrate.</summary>
    public int AverageFrameBytes => BitrateBps / 8 / FramesPerSecond;
}
