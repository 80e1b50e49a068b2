using Sfu.Core.Bwe;
using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Bwe;

[Collection(AllocationCollection.Name)]
public class StreamAllocatorTests
{
    private const long Second = 1_000_000;

    // Nominal layers: 150k / 500k / 1.5M; audio 40k.
    private readonly StreamAllocator _allocator = new(8);
    private readonly int _screen;
    private readonly int _cameraA;
    private readonly int _cameraB;
    private readonly int _audio;

    public StreamAllocatorTests()
    {
        _cameraA = _allocator.AddTrack(MediaKind.Video, TrackSource.Camera, 3);
        _audio = _allocator.AddTrack(MediaKind.Audio, TrackSource.Camera, 1);
        _screen = _allocator.AddTrack(MediaKind.Video, TrackSource.ScreenShare, 3);
        _cameraB = _allocator.AddTrack(MediaKind.Video, TrackSource.Camera, 3);
    }

    [Fact]
    public void PlentyOfBandwidthGivesEveryoneTheTopLayer()
    {
        _allocator.Allocate(10_000_000, 0);

        AssertLayers(screen: 2, cameraA: 2, cameraB: 2);
        Assert.Equal(AllocationReason.Preferred, _allocator.Reason(_cameraA));
        Assert.Equal(AllocationReason.Audio, _allocator.Reason(_audio));
        Assert.Equal(0, _allocator.TargetLayer(_audio));
        Assert.Equal((3 * 1_500_000) + 40_000, _allocator.AllocatedBps);
        Assert.Equal(0, _allocator.ProbeGoalBps);
    }

    [Fact]
    public void EveryTrackGetsItsLowestLayerBeforeAnyGetsAHigherOne()
    {
        // 40k audio + 3 × 150k = 490k; 300k more is not enough for any 500k-150k=350k step.
        _allocator.Allocate(790_000, 0);

        AssertLayers(screen: 0, cameraA: 0, cameraB: 0);
        Assert.Equal(AllocationReason.BandwidthLimited, _allocator.Reason(_screen));
        Assert.Equal(490_000 + 350_000, _allocator.ProbeGoalBps); // the screen share's next step first
    }

    [Fact]
    public void TheScreenShareIsUpgradedFirst()
    {
        // 490k base; +350k screen to 500k; +1M screen to 1.5M = 1,840k; the rest (300k) fits no camera step.
        _allocator.Allocate(2_140_000, 0);

        AssertLayers(screen: 2, cameraA: 0, cameraB: 0);
        Assert.Equal(AllocationReason.Preferred, _allocator.Reason(_screen));
        Assert.Equal(AllocationReason.BandwidthLimited, _allocator.Reason(_cameraA));
    }

    [Fact]
    public void CamerasAreUpgradedRoundRobin()
    {
        // 1,840k with the screen at the top; 700k more: both cameras one step (2 × 350k), not one camera two.
        _allocator.Allocate(2_540_000, 0);

        AssertLayers(screen: 2, cameraA: 1, cameraB: 1);
    }

    [Fact]
    public void VideoIsPausedWhenNotEvenTheLowestLayerFitsButAudioNever()
    {
        // 40k audio + 150k screen + 150k camera A = 340k; camera B does not fit in 100k.
        _allocator.Allocate(440_000, 0);
        AssertLayers(screen: 0, cameraA: 0, cameraB: StreamAllocator.Paused);
        Assert.Equal(AllocationReason.PausedNoBandwidth, _allocator.Reason(_cameraB));

        _allocator.Allocate(20_000, 1 * Second);
        AssertLayers(screen: StreamAllocator.Paused, cameraA: StreamAllocator.Paused, cameraB: StreamAllocator.Paused);
        Assert.Equal(0, _allocator.TargetLayer(_audio));
        Assert.Equal(AllocationReason.Audio, _allocator.Reason(_audio));
        Assert.Equal(40_000, _allocator.AllocatedBps);
    }

    [Fact]
    public void SubscriberPausesAndPreferencesAreHonoured()
    {
        _allocator.SetPausedBySubscriber(_cameraB, true);
        _allocator.SetPreferredMaxLayer(_cameraA, 1); // a small tile
        _allocator.Allocate(10_000_000, 0);

        AssertLayers(screen: 2, cameraA: 1, cameraB: StreamAllocator.Paused);
        Assert.Equal(AllocationReason.Preferred, _allocator.Reason(_cameraA));
        Assert.Equal(AllocationReason.PausedBySubscriber, _allocator.Reason(_cameraB));
        Assert.Equal(40_000 + 1_500_000 + 500_000, _allocator.AllocatedBps);

        _allocator.SetPausedBySubscriber(_cameraB, false);
        _allocator.Allocate(10_000_000, 1);
        Assert.Equal(2, _allocator.TargetLayer(_cameraB)); // showing it again is immediate
    }

    [Fact]
    public void MeasuredBitratesReplaceTheNominalOnes()
    {
        foreach (int track in new[] { _screen, _cameraA, _cameraB })
        {
            _allocator.SetLayerBitrate(track, 0, 100_000);
            _allocator.SetLayerBitrate(track, 1, 300_000);
            _allocator.SetLayerBitrate(track, 2, 900_000);
        }

        _allocator.SetLayerBitrate(_audio, 0, 30_000);
        // 30k + 3 × 100k = 330k, screen +200k +600k = 1,130k, cameras +200k each = 1,530k.
        _allocator.Allocate(1_600_000, 0);

        AssertLayers(screen: 2, cameraA: 1, cameraB: 1);
        Assert.Equal(1_530_000, _allocator.AllocatedBps);
    }

    [Fact]
    public void DowngradesAreImmediateAndClimbingBackWaitsForTheHoldTime()
    {
        _allocator.Allocate(10_000_000, 0);
        AssertLayers(screen: 2, cameraA: 2, cameraB: 2);

        _allocator.Allocate(2_540_000, 1 * Second); // a drop: at once
        AssertLayers(screen: 2, cameraA: 1, cameraB: 1);

        // Plenty again: the cameras hold for 5 s of continuous headroom.
        for (long t = 2 * Second; t < 7 * Second; t += Second / 2)
        {
            _allocator.Allocate(10_000_000, t);
            AssertLayers(screen: 2, cameraA: 1, cameraB: 1);
            Assert.Equal(AllocationReason.HoldingAfterDrop, _allocator.Reason(_cameraA));
        }

        _allocator.Allocate(10_000_000, 7 * Second);
        AssertLayers(screen: 2, cameraA: 2, cameraB: 2);
        Assert.Equal(AllocationReason.Preferred, _allocator.Reason(_cameraB));
    }

    [Fact]
    public void AnUpgradeAfterADropNeedsTheMarginAndEveryDropRestartsTheHold()
    {
        _allocator.Allocate(10_000_000, 0);
        _allocator.Allocate(2_540_000, 1 * Second);
        AssertLayers(screen: 2, cameraA: 1, cameraB: 1);

        // 2M of headroom: camera A's 1M step fits with the 10 % margin (after the hold), camera B's then never does.
        for (long t = 2 * Second; t < 20 * Second; t += Second)
        {
            _allocator.Allocate(4_540_000, t);
            Assert.Equal(1, _allocator.TargetLayer(_cameraB));
        }

        // Another drop at 24 s: camera A climbs back 5 s after it, not earlier.
        for (long t = 20 * Second; t < 24 * Second; t += Second)
        {
            _allocator.Allocate(10_000_000, t);
        }

        _allocator.Allocate(2_540_000, 24 * Second);
        for (long t = 25 * Second; t < 30 * Second; t += Second)
        {
            _allocator.Allocate(10_000_000, t);
            Assert.Equal(1, _allocator.TargetLayer(_cameraA));
        }

        _allocator.Allocate(10_000_000, 30 * Second);
        Assert.Equal(2, _allocator.TargetLayer(_cameraA));
    }

    [Fact]
    public void APausedTrackResumesOnlyAfterTheHoldTime()
    {
        _allocator.Allocate(10_000_000, 0);
        _allocator.Allocate(100_000, 1 * Second);
        AssertLayers(screen: StreamAllocator.Paused, cameraA: StreamAllocator.Paused, cameraB: StreamAllocator.Paused);
        Assert.Equal(40_000 + 150_000, _allocator.ProbeGoalBps);

        _allocator.Allocate(10_000_000, 2 * Second);
        Assert.Equal(StreamAllocator.Paused, _allocator.TargetLayer(_screen));
        Assert.Equal(AllocationReason.HoldingAfterDrop, _allocator.Reason(_screen));

        _allocator.Allocate(10_000_000, 7 * Second);
        AssertLayers(screen: 0, cameraA: 0, cameraB: 0);
    }

    [Fact]
    public void NonSimulcastVideoIsForwardedOrPaused()
    {
        var allocator = new StreamAllocator(2);
        int track = allocator.AddTrack(MediaKind.Video, TrackSource.Camera, 1);

        allocator.Allocate(600_000, 0);
        Assert.Equal(0, allocator.TargetLayer(track));
        Assert.Equal(AllocationReason.Preferred, allocator.Reason(track));

        allocator.Allocate(400_000, 1);
        Assert.Equal(StreamAllocator.Paused, allocator.TargetLayer(track));
        Assert.Equal(500_000, allocator.ProbeGoalBps);
    }

    [Fact]
    public void AllocateDoesNotAllocate()
    {
        var allocator = new StreamAllocator(10);
        for (int i = 0; i < 10; i++)
        {
            allocator.AddTrack(i % 3 == 0 ? MediaKind.Audio : MediaKind.Video, i == 1 ? TrackSource.ScreenShare : TrackSource.Camera, 3);
        }

        allocator.Allocate(3_000_000, 0);
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long layers = 0;
        for (int i = 0; i < 1000; i++)
        {
            allocator.Allocate(500_000 + (i * 10_000), i * 100_000L);
            layers += allocator.TargetLayer(2);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(layers > 0);
    }

    private void AssertLayers(int screen, int cameraA, int cameraB)
    {
        Assert.Equal(
            (screen, cameraA, cameraB),
            (_allocator.TargetLayer(_screen), _allocator.TargetLayer(_cameraA), _allocator.TargetLayer(_cameraB)));
    }
}
