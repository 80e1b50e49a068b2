using Sfu.Core.Forwarding;
using Xunit.Abstractions;

namespace Sfu.Core.Tests.Forwarding;

/// <summary>
/// What one more down-track and one more subscriber keep in memory: measured as the managed heap retained after a full
/// collection (the tests run alone, so nothing else moves the heap), with everything made still referenced.
/// </summary>
[Collection(AllocationCollection.Name)]
public class DownTrackMemoryTests(ITestOutputHelper output)
{
    private const int Tracks = 200;

    [Fact]
    public void OneMoreVideoDownTrackKeepsAtMost16KiB()
    {
        using var h = new ForwardingHarness();
        var tracks = PublishSimulcastTracks(h, Tracks);
        var first = new RecordingSink("first");
        for (int i = 0; i < Tracks; i++)
        {
            h.Subscribe(tracks[i], first, 0x1000 + (uint)i); // the publisher side (the receive rings) exists before
        }

        var second = new RecordingSink("second");
        h.Subscribe(tracks[0], second, 0x2000);               // the subscriber endpoint, its estimator and allocator
        long before = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < Tracks; i++)
        {
            h.Subscribe(tracks[i], second, 0x2000 + (uint)i);
        }

        long allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (Tracks - 1);
        long retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / (Tracks - 1);
        GC.KeepAlive(h);
        output.WriteLine($"per video down-track: {retained} bytes retained, {allocated} bytes allocated while subscribing");
        Assert.Equal(2 * Tracks, h.Router.DownTracks.Count);
        Assert.True(retained <= 16 * 1024, $"{retained} bytes per down-track");
        Assert.True(retained > SentPacketMap.Capacity * 20, $"{retained} bytes: the measurement missed the sequence map");
    }

    [Fact]
    public void OneMoreSubscriberKeepsItsBandwidthEstimatorAndOneDownTrack()
    {
        using var h = new ForwardingHarness();
        var tracks = PublishSimulcastTracks(h, 1);
        h.Subscribe(tracks[0], new RecordingSink("first"), 0x1000);
        var sinks = Enumerable.Range(0, 20).Select(i => new RecordingSink("s" + i)).ToList();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < sinks.Count; i++)
        {
            h.Subscribe(tracks[0], sinks[i], 0x2000 + (uint)i);
        }

        long retained = (GC.GetTotalMemory(forceFullCollection: true) - before) / sinks.Count;
        GC.KeepAlive(h);
        GC.KeepAlive(sinks);
        output.WriteLine($"per subscriber with one video down-track: {retained} bytes retained");

        // The send-side estimator's history of sent packets (8,192 x 25 bytes) is most of it; no per-packet copies.
        Assert.True(retained <= 320 * 1024, $"{retained} bytes per subscriber");
    }

    private static List<PublishedTrack> PublishSimulcastTracks(ForwardingHarness h, int count)
    {
        var publisher = new RecordingSink("p");
        return Enumerable.Range(0, count).Select(i => h.PublishVideo(publisher, "v" + i, "m" + i, rids: ["h", "m", "l"])).ToList();
    }
}
