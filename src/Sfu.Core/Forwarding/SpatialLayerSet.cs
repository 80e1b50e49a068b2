namespace Sfu.Core.Forwarding;

/// <summary>A set of spatial layers (e.g. those the publisher is sending now), as a bit mask. Allocation-free.</summary>
internal readonly struct SpatialLayerSet : IEquatable<SpatialLayerSet>
{
    /// <summary>Most layers a set can hold.</summary>
    public const int Capacity = 32;

    private readonly uint _bits;

    private SpatialLayerSet(uint bits)
    {
        _bits = bits;
    }

    /// <summary>The empty set.</summary>
    public static SpatialLayerSet Empty => default;

    /// <summary>True when no layer is in the set.</summary>
    public bool IsEmpty => _bits == 0;

    /// <summary>The set of the given layers (for tests and setup).</summary>
    public static SpatialLayerSet Of(params ReadOnlySpan<int> layers)
    {
        var set = Empty;
        foreach (int layer in layers)
        {
            set = set.With(new SpatialLayer(layer));
        }

        return set;
    }

    /// <summary>This set plus <paramref name="layer"/> (<see cref="SpatialLayer.None"/> and layers beyond the capacity are ignored).</summary>
    public SpatialLayerSet With(SpatialLayer layer) =>
        (uint)layer.Value < Capacity ? new SpatialLayerSet(_bits | (1u << layer.Value)) : this;

    /// <summary>True when <paramref name="layer"/> is in the set.</summary>
    public bool Contains(SpatialLayer layer) => (uint)layer.Value < Capacity && (_bits & (1u << layer.Value)) != 0;

    /// <summary>The highest layer of the set at or below <paramref name="ceiling"/>, or <see cref="SpatialLayer.None"/>.</summary>
    public SpatialLayer HighestAtOrBelow(SpatialLayer ceiling)
    {
        if (ceiling.IsNone)
        {
            return SpatialLayer.None;
        }

        uint below = ceiling.Value >= Capacity - 1 ? _bits : _bits & ((2u << ceiling.Value) - 1);
        return below == 0 ? SpatialLayer.None : new SpatialLayer(31 - System.Numerics.BitOperations.LeadingZeroCount(below));
    }

    /// <summary>The lowest layer of the set above <paramref name="floor"/>, or <see cref="SpatialLayer.None"/>.</summary>
    public SpatialLayer LowestAbove(SpatialLayer floor)
    {
        if (floor.Value >= Capacity - 1)
        {
            return SpatialLayer.None;
        }

        uint above = floor.IsNone ? _bits : _bits & ~((2u << floor.Value) - 1);
        return above == 0 ? SpatialLayer.None : new SpatialLayer(System.Numerics.BitOperations.TrailingZeroCount(above));
    }

    /// <summary>The highest layer of the set, or <see cref="SpatialLayer.None"/> when empty.</summary>
    public SpatialLayer Highest => _bits == 0 ? SpatialLayer.None : new SpatialLayer(31 - System.Numerics.BitOperations.LeadingZeroCount(_bits));

    public bool Equals(SpatialLayerSet other) => _bits == other._bits;

    public override bool Equals(object? obj) => obj is SpatialLayerSet other && Equals(other);

    public override int GetHashCode() => (int)_bits;

    public override string ToString()
    {
        uint bits = _bits;
        return "{" + string.Join(", ", Enumerable.Range(0, Capacity).Where(i => (bits & (1u << i)) != 0)) + "}";
    }
}
