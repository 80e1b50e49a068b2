namespace Sfu.Core.Bwe;

/// <summary>Tunables of a <see cref="StreamAllocator"/>.</summary>
public sealed record StreamAllocatorSettings
{
    /// <summary>Assumed bitrate per simulcast layer (lowest first) while none was measured: 320x180, 640x360, 1280x720.</summary>
    public long[] NominalLayerBps { get; init; } = [150_000, 500_000, 1_500_000];

    /// <summary>Assumed bitrate of a video track without simulcast while none was measured.</summary>
    public long NominalSingleLayerBps { get; init; } = 500_000;

    /// <summary>Assumed bitrate of an audio track while none was measured.</summary>
    public long NominalAudioBps { get; init; } = 40_000;

    /// <summary>After a drop, an upgrade needs the estimate to cover the next layer by this fraction more ...</summary>
    public double UpgradeMargin { get; init; } = 0.1;

    /// <summary>... continuously for this long (microseconds).</summary>
    public long UpgradeHoldUs { get; init; } = 5_000_000;

    /// <summary>A drop this soon after an upgrade means the upgrade failed: the next hold doubles (microseconds).</summary>
    public long UpgradeTrialUs { get; init; } = 15_000_000;

    /// <summary>The longest hold after repeated failed upgrades (microseconds).</summary>
    public long MaxUpgradeHoldUs { get; init; } = 40_000_000;
}
