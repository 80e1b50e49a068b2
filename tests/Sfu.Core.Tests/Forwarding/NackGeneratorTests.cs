using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

public class NackGeneratorTests
{
    [Fact]
    public void KeepsAtMostItsCapacityAndSkipsHugeGaps()
    {
        var nack = new NackGenerator(TimeSpan.TicksPerSecond);
        nack.OnPacket(0, 0);
        nack.OnPacket(NackGenerator.Capacity + 1, 0); // a gap of exactly the capacity
        Assert.Equal(NackGenerator.Capacity, nack.MissingCount);
        nack.OnPacket(NackGenerator.Capacity + 3, 0); // one more missing pushes the oldest out
        Assert.Equal(NackGenerator.Capacity, nack.MissingCount);
        Assert.False(nack.IsMissing(1));
        Assert.True(nack.IsMissing(NackGenerator.Capacity + 2));

        nack.OnPacket(10_000, 0); // the publisher jumped: nothing to NACK
        Assert.Equal(0, nack.MissingCount);
        Assert.Equal(NackGenerator.Capacity + 1, nack.GivenUp);
    }

    [Fact]
    public void PacketsOlderThanTheMaximumAgeAreGivenUpWithoutAnotherNack()
    {
        long second = TimeSpan.TicksPerSecond;
        var nack = new NackGenerator(second);
        nack.OnPacket(0, 0);
        nack.OnPacket(2, 0);
        Span<ushort> due = stackalloc ushort[8];
        Assert.Equal(1, nack.CollectDue(0, due));
        Assert.Equal(0, nack.CollectDue(second / 100, due)); // within the retry interval
        Assert.Equal(1, nack.CollectDue(second / 10, due));
        Assert.Equal(0, nack.CollectDue(second + (second / 5), due));
        Assert.Equal(0, nack.MissingCount);
        Assert.Equal(1, nack.GivenUp);
    }
}
