namespace Sfu.Core.Bwe;

/// <summary>Bounds and start value of a <see cref="SendSideBandwidthEstimator"/>.</summary>
public sealed record BandwidthEstimatorSettings
{
    /// <summary>The estimate never goes below this (bit/s).</summary>
    public long MinBps { get; init; } = 30_000;

    /// <summary>The estimate never goes above this (bit/s).</summary>
    public long MaxBps { get; init; } = 20_000_000;

    /// <summary>The estimate before any feedback (bit/s).</summary>
    public long InitialBps { get; init; } = 500_000;
}
