using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

public class LayerSelectorTests
{
    private const long Stall = 2_000;
    private const long Never = LayerSelector.Never;

    [Fact]
    public void TheTargetIsTheFirstLiveLayerInPublisherOrder()
    {
        Assert.Equal(0, LayerSelector.ChooseTarget([900, 950, 990], -1, 1000, Stall));
        Assert.Equal(1, LayerSelector.ChooseTarget([Never, 950, 990], -1, 1000, Stall));
        Assert.Equal(2, LayerSelector.ChooseTarget([Never, Never, 990], -1, 1000, Stall));
        Assert.Equal(-1, LayerSelector.ChooseTarget([Never, Never, Never], -1, 1000, Stall));
    }

    [Fact]
    public void ALayerSilentForTheStallTimeoutIsReplacedButNothingLiveKeepsTheCurrentOne()
    {
        Assert.Equal(0, LayerSelector.ChooseTarget([8_001, 9_990, 9_990], 0, 10_000, Stall));
        Assert.Equal(1, LayerSelector.ChooseTarget([8_000, 9_990, 9_990], 0, 10_000, Stall));
        Assert.Equal(0, LayerSelector.ChooseTarget([1_000, 1_000, 1_000], 0, 10_000, Stall));
    }

    [Fact]
    public void SwitchesOnlyAtAKeyframeOfTheTargetAndKeepsForwardingTheCurrentUntilThen()
    {
        var selector = new LayerSelector();
        long[] last = [Never, Never, 100];
        Assert.Equal(LayerDecision.AwaitKeyframe, selector.OnPacket(2, keyframe: false, last, 100, Stall));
        Assert.Equal(LayerDecision.Switch, selector.OnPacket(2, keyframe: true, last, 110, Stall));
        Assert.Equal(2, selector.Current);

        last[0] = 200; // the top layer starts
        Assert.Equal(LayerDecision.AwaitKeyframe, selector.OnPacket(0, keyframe: false, last, 200, Stall));
        Assert.Equal(LayerDecision.Forward, selector.OnPacket(2, keyframe: false, last, 205, Stall));
        Assert.Equal(LayerDecision.Ignore, selector.OnPacket(1, keyframe: true, last, 206, Stall));
        Assert.Equal(LayerDecision.Switch, selector.OnPacket(0, keyframe: true, last, 210, Stall));
        Assert.Equal(LayerDecision.Ignore, selector.OnPacket(2, keyframe: false, last, 211, Stall));
        Assert.Equal(0, selector.Current);
    }
}
