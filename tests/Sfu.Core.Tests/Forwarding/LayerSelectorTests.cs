using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>The pure layer choice: preference ceiling, allocation, live layers and current target in, target out.</summary>
public class LayerSelectorTests
{
    private static readonly SpatialLayer None = SpatialLayer.None;

    [Theory]
    // preference, allocation (-9 = no allocator), live layers, current target, expected target
    [InlineData(2, -9, new[] { 0, 1, 2 }, -1, 2)]      // no limit: the top
    [InlineData(1, -9, new[] { 0, 1, 2 }, 2, 1)]       // the preference caps it
    [InlineData(2, 0, new[] { 0, 1, 2 }, 2, 0)]        // the allocation caps it below the preference
    [InlineData(1, 2, new[] { 0, 1, 2 }, 1, 1)]        // an allocation above the preference does not lift it
    [InlineData(2, -9, new[] { 0, 1 }, 2, 1)]          // the top is not sent: the highest live below
    [InlineData(2, -9, new[] { 0, 2 }, 2, 2)]          // a gap in the middle does not matter
    [InlineData(0, -9, new[] { 1, 2 }, 0, 1)]          // nothing live at or below: the lowest live above
    [InlineData(1, 1, new[] { 2 }, 1, 2)]              // a picture beats none, even above the allocation
    [InlineData(1, -9, new int[0], 2, 2)]              // nothing live at all: keep the current target
    [InlineData(1, -9, new int[0], -1, 1)]             // ... or aim at the ceiling before there is one
    public void TheTargetIsTheHighestLiveLayerUnderTheCeilingElseTheNearestAbove(int preference, int allocation, int[] live, int current, int expected)
    {
        SpatialLayer? allocated = allocation == -9 ? null : new SpatialLayer(allocation);

        SpatialLayer target = LayerSelector.ChooseTarget(new SpatialLayer(preference), allocated, SpatialLayerSet.Of(live), new SpatialLayer(current), layerCount: 3);

        Assert.Equal(new SpatialLayer(expected), target);
    }

    [Fact]
    public void ASingleLayerTrackAlwaysTargetsItsOnlyLayer()
    {
        Assert.Equal(SpatialLayer.Lowest, LayerSelector.ChooseTarget(new SpatialLayer(2), null, SpatialLayerSet.Of(0), None, layerCount: 1));
        Assert.Equal(SpatialLayer.Lowest, LayerSelector.ChooseTarget(new SpatialLayer(2), null, SpatialLayerSet.Empty, None, layerCount: 1));
    }

    [Fact]
    public void TheCeilingIsTheLowestOfPreferenceAllocationAndTopLayer()
    {
        Assert.Equal(new SpatialLayer(1), LayerSelector.Ceiling(new SpatialLayer(2), new SpatialLayer(1), layerCount: 3));
        Assert.Equal(new SpatialLayer(0), LayerSelector.Ceiling(new SpatialLayer(0), new SpatialLayer(2), layerCount: 3));
        Assert.Equal(new SpatialLayer(1), LayerSelector.Ceiling(new SpatialLayer(2), null, layerCount: 2));
    }

    [Theory]
    [InlineData(-1, 2, 2, null, LayerChangeReason.Preference, LayerChangeReason.Start)]
    [InlineData(2, 1, 2, 2, LayerChangeReason.Preference, LayerChangeReason.LayerUnavailable)]      // below the unchanged ceiling
    [InlineData(1, 2, 2, 2, LayerChangeReason.BandwidthIncrease, LayerChangeReason.LayerAvailable)] // same ceiling: only the live layers moved
    [InlineData(2, 1, 1, 2, LayerChangeReason.BandwidthDecrease, LayerChangeReason.BandwidthDecrease)]
    [InlineData(1, 2, 2, 1, LayerChangeReason.Preference, LayerChangeReason.Preference)]
    public void TheReasonNamesWhatMovedTheTarget(int previous, int next, int ceiling, int? ceilingBefore, LayerChangeReason ceilingReason, LayerChangeReason expected)
    {
        SpatialLayer? before = ceilingBefore is int value ? new SpatialLayer(value) : null;

        LayerChangeReason reason = LayerSelector.ReasonForTarget(new SpatialLayer(previous), new SpatialLayer(next), new SpatialLayer(ceiling), before, ceilingReason);

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void LayerSetsFindTheNearestLayersAroundACeiling()
    {
        SpatialLayerSet set = SpatialLayerSet.Of(0, 2, 5);

        Assert.Equal(new SpatialLayer(2), set.HighestAtOrBelow(new SpatialLayer(4)));
        Assert.Equal(new SpatialLayer(2), set.HighestAtOrBelow(new SpatialLayer(2)));
        Assert.Equal(None, set.HighestAtOrBelow(None));
        Assert.Equal(new SpatialLayer(5), set.HighestAtOrBelow(new SpatialLayer(31)));
        Assert.Equal(new SpatialLayer(5), set.LowestAbove(new SpatialLayer(2)));
        Assert.Equal(new SpatialLayer(0), set.LowestAbove(None));
        Assert.Equal(None, set.LowestAbove(new SpatialLayer(5)));
        Assert.Equal(None, set.LowestAbove(new SpatialLayer(31)));
        Assert.Equal(new SpatialLayer(5), set.Highest);
        Assert.Equal(None, SpatialLayerSet.Empty.Highest);
        Assert.False(set.Contains(new SpatialLayer(1)));
        Assert.False(set.Contains(None));
        Assert.Equal(set, set.With(None).With(new SpatialLayer(40)));
    }

    [Fact]
    public void TheTwoLayerNumberingsDoNotMix()
    {
        // A rid index has no order and no conversion to a spatial layer: only the track maps one to the other.
        Assert.False(typeof(IComparable<RidIndex>).IsAssignableFrom(typeof(RidIndex)));
        Assert.DoesNotContain(typeof(RidIndex).GetMethods(), m => m.Name is "op_Implicit" or "op_Explicit" or "op_LessThan");
        Assert.DoesNotContain(typeof(SpatialLayer).GetMethods(), m => m.Name is "op_Implicit" or "op_Explicit");
    }
}
