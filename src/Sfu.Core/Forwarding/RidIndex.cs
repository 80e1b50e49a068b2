namespace Sfu.Core.Forwarding;

/// <summary>
/// The position of a receive stream in the publisher's list of simulcast encodings (its <c>a=rid</c> order; 0 without
/// simulcast). It names a stream, not a quality: Chromium and Firefox list the highest encoding first, other clients
/// the lowest, and the real order is only known from the frame sizes. Map it to a quality with
/// <see cref="PublishedTrack.SpatialLayerOf(RidIndex)"/>. Deliberately neither ordered nor convertible to
/// <see cref="SpatialLayer"/>, so the two cannot be mixed up.
/// </summary>
/// <param name="Value">The index in the publisher's rid list.</param>
public readonly record struct RidIndex(int Value)
{
    /// <summary>The only stream of a track without simulcast.</summary>
    public static RidIndex Single => default;

    public override string ToString() => "rid #" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
