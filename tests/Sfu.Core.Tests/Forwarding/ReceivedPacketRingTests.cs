using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

[Collection(AllocationCollection.Name)]
public class ReceivedPacketRingTests
{
    [Fact]
    public void APacketIsFoundByItsKeyUntilANewerOneTakesItsSlot()
    {
        var ring = new ReceivedPacketRing(ReceivedPacketRing.MinSlots);
        int slots = ring.Capacity;
        ring.Store(1000, Packet(1));
        ring.Store(1001, Packet(2));

        Assert.Equal(Packet(1), ring.TryGet(1000).ToArray());
        Assert.Equal(Packet(2), ring.TryGet(1001).ToArray());
        Assert.True(ring.TryGet(999).IsEmpty);
        Assert.True(ring.TryGet(1000 + slots).IsEmpty);

        ring.Store(1000 + slots, Packet(3));                  // same slot, newer
        Assert.True(ring.TryGet(1000).IsEmpty);
        Assert.Equal(Packet(3), ring.TryGet(1000 + slots).ToArray());

        ring.Store(1001 - slots, Packet(4));                  // same slot as 1001, older: a late packet pushes out nothing
        Assert.Equal(Packet(2), ring.TryGet(1001).ToArray());
        Assert.True(ring.TryGet(1001 - slots).IsEmpty);
        ring.Release();
    }

    [Fact]
    public void APacketLongerThanASlotIsNotKeptAndItsSlotIsCleared()
    {
        var ring = new ReceivedPacketRing(ReceivedPacketRing.MinSlots);
        ring.Store(5, Packet(1));
        ring.Store(5 + ring.Capacity, new byte[ReceivedPacketRing.SlotLength + 1]);

        Assert.True(ring.TryGet(5).IsEmpty);
        Assert.True(ring.TryGet(5 + ring.Capacity).IsEmpty);
        ring.Store(6, new byte[ReceivedPacketRing.SlotLength]);
        Assert.Equal(ReceivedPacketRing.SlotLength, ring.TryGet(6).Length);
        ring.Release();
    }

    [Theory]
    [InlineData(0, ReceivedPacketRing.MinSlots)]
    [InlineData(30, ReceivedPacketRing.MinSlots)]
    [InlineData(260.2, 261)]
    [InlineData(1_000_000, ReceivedPacketRing.MaxSlots)]
    public void ItIsSizedForOneSecondOfTheStreamWithinItsBounds(double packetsPerSecond, int slots)
    {
        Assert.Equal(slots, ReceivedPacketRing.WantedSlots(packetsPerSecond));
    }

    [Fact]
    public void ItGrowsAtOnceShrinksOnlyWhenFourTimesTooLargeAndKeepsTheNewestPackets()
    {
        var ring = new ReceivedPacketRing(ReceivedPacketRing.MinSlots);
        int small = ring.Capacity;
        for (int key = 0; key < small; key++)
        {
            ring.Store(key, Packet((byte)key));
        }

        Assert.True(ring.FitTo(600));                          // 600 packets a second: grow
        Assert.InRange(ring.Capacity, 600, 2 * 600);
        Assert.All(Enumerable.Range(0, small), key => Assert.Equal(Packet((byte)key), ring.TryGet(key).ToArray()));
        for (int key = small; key < 600; key++)
        {
            ring.Store(key, Packet((byte)key));
        }

        int large = ring.Capacity;
        Assert.False(ring.FitTo(large / 2));                   // half used: no change
        Assert.False(ring.FitTo((large / 4) + 1));
        Assert.True(ring.FitTo(large / 4));                    // a quarter: shrink, the newest kept
        Assert.InRange(ring.Capacity, large / 4, large / 2);
        Assert.Equal(Packet(599 % 256), ring.TryGet(599).ToArray());
        Assert.True(ring.TryGet(599 - ring.Capacity).IsEmpty);

        ring.Release();
        Assert.Equal(0, ring.Capacity);
        Assert.Equal(0, ring.StorageBytes);
        Assert.True(ring.TryGet(599).IsEmpty);
        ring.Store(600, Packet(1));                            // a released ring takes nothing
        Assert.True(ring.TryGet(600).IsEmpty);
    }

    [Fact]
    public void StoringAndFindingAllocateNothing()
    {
        var ring = new ReceivedPacketRing(ReceivedPacketRing.InitialSlots);
        byte[] packet = new byte[1200];
        long found = 0;
        ring.Store(0, packet);
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long key = 1; key < 10_000; key++)
        {
            ring.Store(key, packet);
            found += ring.TryGet(key - 5).Length;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(found > 0);
        ring.Release();
    }

    private static byte[] Packet(byte fill) => Enumerable.Repeat(fill, 100 + fill).ToArray();
}
