using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>The steady path allocates nothing: sending, acknowledging and delivering messages, reliable and lossy.</summary>
public sealed class SctpAllocationTests
{
    [Theory]
    [InlineData(200, false)]
    [InlineData(1000, true)]
    [InlineData(8000, false)]
    public void Messages_through_an_association_pair_allocate_nothing(int size, bool lossy)
    {
        var pair = new SctpRingPair();
        byte[] message = new byte[size];
        var reliability = lossy ? SctpReliability.NoRetransmissions : SctpReliability.Reliable;

        pair.Exchange(message, 2000, lossy, reliability); // warm-up: pools, rings and buffers reach their size
        long before = GC.GetAllocatedBytesForCurrentThread();
        pair.Exchange(message, 2000, lossy, reliability);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4000, pair.Delivered);
        Assert.Equal(0, allocated);
    }
}
