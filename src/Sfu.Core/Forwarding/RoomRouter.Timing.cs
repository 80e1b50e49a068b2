namespace Sfu.Core.Forwarding;

/// <summary>The forwarding core's intervals and limits, shared by its endpoints.</summary>
public sealed partial class RoomRouter
{
    /// <summary>The REMB is the bitrate received over the last interval times this factor (room to grow by half a second).</summary>
    public const double RembHeadroom = 1.5;

    /// <summary>A probe asks for this much more than the allocator's goal, so that success clears the upgrade.</summary>
    public const double ProbeHeadroom = 1.25;

    /// <summary>
    /// Length of a probe cluster. Longer than a sender's usual 150 ms so that a policed path (which lets a burst through
    /// and drops the rest) shows its loss within the probe instead of passing it as capacity.
    /// </summary>
    public const long ProbeDurationUs = 300_000;

    /// <summary>An estimate this much below the one of the last allocation reallocates at once (0.85 = a 15 % drop).</summary>
    public const double ReallocateOnDrop = 0.85;

    /// <summary>At most one keyframe request per receive stream (simulcast layer) this often.</summary>
    public static TimeSpan KeyframeRequestInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>How often sender reports go to subscribers and receiver reports to publishers.</summary>
    public static TimeSpan ReportInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>A simulcast layer silent this long is replaced by another one (at its next keyframe).</summary>
    public static TimeSpan LayerStallTimeout { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How often transport-cc feedback goes to a publisher (Chromium sends its own every 50-100 ms).</summary>
    public static TimeSpan TransportFeedbackInterval { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a REMB goes to a publisher that negotiated goog-remb but not transport-cc.</summary>
    public static TimeSpan RembInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The REMB never asks for less than this: a publisher that sends little (audio only, a static screen) must still
    /// be able to start video at a useful rate.
    /// </summary>
    public static long MinRembBitrate { get; } = 1_000_000;

    /// <summary>The REMB never allows more than this (well above a 3-layer 720p simulcast at about 2.5 Mbit/s).</summary>
    public static long MaxRembBitrate { get; } = 10_000_000;

    /// <summary>How often each subscriber's bandwidth is shared out again.</summary>
    public static TimeSpan AllocationInterval { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The window over which each layer's bitrate is measured.</summary>
    public static TimeSpan BitrateWindow { get; } = TimeSpan.FromSeconds(1);
}
