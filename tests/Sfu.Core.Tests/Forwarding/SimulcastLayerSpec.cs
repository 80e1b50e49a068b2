namespace Sfu.Core.Tests.Forwarding;

/// <summary>One simulcast layer a <see cref="SimulcastPublisher"/> sends: its rid, SSRC, frame size and packets per frame.</summary>
internal sealed record SimulcastLayerSpec(string Rid, uint Ssrc, int Width, int Height, int PacketsPerFrame, int PayloadSize)
{
    public const uint HighSsrc = 0x1100;
    public const uint MediumSsrc = 0x2200;
    public const uint LowSsrc = 0x3300;

    /// <summary>1280x720 at about 1.5 Mbit/s (30 fps, six packets of 1,000 bytes per frame).</summary>
    public static SimulcastLayerSpec High { get; } = new("h", HighSsrc, 1280, 720, 6, 1000);

    /// <summary>640x360 at about 500 kbit/s.</summary>
    public static SimulcastLayerSpec Medium { get; } = new("m", MediumSsrc, 640, 360, 2, 1000);

    /// <summary>320x180 at about 150 kbit/s.</summary>
    public static SimulcastLayerSpec Low { get; } = new("l", LowSsrc, 320, 180, 1, 600);

    /// <summary>The rid order of Chromium, Firefox and this server's JS client: highest first.</summary>
    public static IReadOnlyList<SimulcastLayerSpec> HighestFirst { get; } = [High, Medium, Low];

    /// <summary>The reverse order, lowest first (some clients list it so).</summary>
    public static IReadOnlyList<SimulcastLayerSpec> LowestFirst { get; } = [Low, Medium, High];
}
