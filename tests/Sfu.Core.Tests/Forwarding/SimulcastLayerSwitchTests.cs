using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

[Collection(AllocationCollection.Name)]
public class SimulcastLayerSwitchTests
{
    private static SpatialLayer L(int layer) => new(layer);

    [Fact]
    public void NothingIsForwardedWithoutATarget()
    {
        var layers = new SimulcastLayerSwitch(3);

        LayerSwitchDecision decision = layers.OnPacket(L(0), keyframe: true);

        Assert.Equal(LayerSwitchAction.Ignore, decision.Action);
        Assert.False(decision.RequestsKeyframe);
        Assert.Equal(L(-1), layers.Current);
    }

    [Fact]
    public void StartsAtTheFirstKeyframeOfTheTargetAndAsksForOne()
    {
        var layers = new SimulcastLayerSwitch(3);
        layers.SetTarget(L(2));

        LayerSwitchDecision first = layers.OnPacket(L(2), keyframe: false);
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Ignore, L(2)), first);

        Assert.Equal(LayerSwitchAction.Switch, layers.OnPacket(L(2), keyframe: true).Action);
        Assert.Equal(L(2), layers.Current);
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Forward, L(-1)), layers.OnPacket(L(2), keyframe: false));
        Assert.Equal(LayerSwitchAction.Ignore, layers.OnPacket(L(1), keyframe: true).Action);
    }

    [Fact]
    public void AStartWithALowerLayersKeyframeClimbsToTheTargetAtItsKeyframe()
    {
        var layers = new SimulcastLayerSwitch(3);
        layers.SetTarget(L(2));

        LayerSwitchDecision start = layers.OnPacket(L(0), keyframe: true);
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Switch, L(2)), start);
        Assert.Equal(L(0), layers.Current);

        // Now forwarding layer 0: a keyframe of layer 1 is no reason to switch (not the target), layer 2's is.
        Assert.Equal(LayerSwitchAction.Ignore, layers.OnPacket(L(1), keyframe: true).Action);
        Assert.Equal(LayerSwitchAction.Forward, layers.OnPacket(L(0), keyframe: false).Action);
        Assert.Equal(LayerSwitchAction.Switch, layers.OnPacket(L(2), keyframe: true).Action);
        Assert.Equal(L(2), layers.Current);
        Assert.False(layers.IsSwitching);
    }

    [Theory]
    [InlineData(0, 2)] // up
    [InlineData(2, 0)] // down
    public void SwitchesOnlyAtAKeyframeOfTheTargetAndKeepsTheCurrentLayerUntilThen(int from, int to)
    {
        var layers = new SimulcastLayerSwitch(3);
        layers.SetTarget(L(from));
        layers.OnPacket(L(from), keyframe: true);
        layers.SetTarget(L(to));

        for (int i = 1; i <= 10; i++)
        {
            Assert.Equal(LayerSwitchAction.Forward, layers.OnPacket(L(from), keyframe: i == 5).Action);
            Assert.Equal(LayerSwitchAction.Ignore, layers.OnPacket(L(to), keyframe: false).Action);
            Assert.Equal(LayerSwitchAction.Ignore, layers.OnPacket(L(1), keyframe: true).Action);
            Assert.Equal(L(from), layers.Current);
        }

        Assert.Equal(LayerSwitchAction.Switch, layers.OnPacket(L(to), keyframe: true).Action);
        Assert.Equal(LayerSwitchAction.Ignore, layers.OnPacket(L(from), keyframe: false).Action);
        Assert.Equal(LayerSwitchAction.Forward, layers.OnPacket(L(to), keyframe: false).Action);
    }

    [Fact]
    public void EveryPacketWhileSwitchingNamesTheCurrentTargetForAKeyframeRequest()
    {
        var layers = new SimulcastLayerSwitch(3);
        layers.SetTarget(L(0));
        layers.OnPacket(L(0), keyframe: true);
        layers.SetTarget(L(2));

        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Forward, L(2)), layers.OnPacket(L(0), keyframe: false));
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Ignore, L(2)), layers.OnPacket(L(1), keyframe: true));
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Forward, L(2)), layers.OnPacket(L(0), keyframe: false));

        layers.SetTarget(L(1));
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Forward, L(1)), layers.OnPacket(L(0), keyframe: false));
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Switch, L(-1)), layers.OnPacket(L(1), keyframe: true));
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Forward, L(-1)), layers.OnPacket(L(1), keyframe: false));
    }

    [Fact]
    public void PausingStopsAtOnceAndResumingWaitsForAKeyframe()
    {
        var layers = new SimulcastLayerSwitch(3);
        layers.SetTarget(L(1));
        layers.OnPacket(L(1), keyframe: true);

        layers.SetTarget(L(-1));
        Assert.Equal(L(-1), layers.Current);
        Assert.Equal(new LayerSwitchDecision(LayerSwitchAction.Ignore, L(-1)), layers.OnPacket(L(1), keyframe: false));

        layers.SetTarget(L(1));
        Assert.Equal(LayerSwitchAction.Ignore, layers.OnPacket(L(1), keyframe: false).Action);
        Assert.Equal(LayerSwitchAction.Switch, layers.OnPacket(L(1), keyframe: true).Action);
    }

    [Fact]
    public void DecisionsDoNotAllocate()
    {
        var layers = new SimulcastLayerSwitch(3);
        layers.SetTarget(L(1));
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int forwarded = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (i % 1000 == 0)
            {
                layers.SetTarget(L(i / 1000 % 3));
            }

            forwarded += layers.OnPacket(L(i % 3), i % 30 == 0).Action == LayerSwitchAction.Forward ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(forwarded > 0);
    }
}
