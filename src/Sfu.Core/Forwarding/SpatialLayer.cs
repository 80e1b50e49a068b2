namespace Sfu.Core.Forwarding;

/// <summary>
/// A spatial quality of a simulcast track: 0 is the lowest resolution, each step up the next larger one, whatever the
/// order the publisher listed its encodings in (that is a <see cref="RidIndex"/>). <see cref="None"/> means no layer
/// (nothing forwarded, paused). Ordered: a higher layer is a better picture.
/// </summary>
/// <param name="Value">0 = lowest; -1 = none.</param>
public readonly record struct SpatialLayer(int Value) : IComparable<SpatialLayer>
{
    /// <summary>No layer: nothing forwarded yet, or paused.</summary>
    public static SpatialLayer None => new(-1);

    /// <summary>The lowest quality (the only layer without simulcast).</summary>
    public static SpatialLayer Lowest => default;

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => Value < 0;

    public static bool operator <(SpatialLayer left, SpatialLayer right) => left.Value < right.Value;

    public static bool operator >(SpatialLayer left, SpatialLayer right) => left.Value > right.Value;

    public static bool operator <=(SpatialLayer left, SpatialLayer right) => left.Value <= right.Value;

    public static bool operator >=(SpatialLayer left, SpatialLayer right) => left.Value >= right.Value;

    /// <summary>The lower of two layers.</summary>
    public static SpatialLayer Min(SpatialLayer left, SpatialLayer right) => left.Value <= right.Value ? left : right;

    /// <summary>The top layer of a track with <paramref name="layerCount"/> layers.</summary>
    public static SpatialLayer Top(int layerCount) => new(layerCount - 1);

    public int CompareTo(SpatialLayer other) => Value.CompareTo(other.Value);

    public override string ToString() => IsNone ? "none" : "spatial " + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
