using Sfu.Signaling.Data;

namespace Sfu.Signaling.Tests.Data;

public sealed class DataRateLimiterTests
{
    [Fact]
    public void ABurstOfOneSecondPassesThenTheRateHolds()
    {
        var limiter = new DataRateLimiter(messagesPerSecond: 10, bytesPerSecond: 1000, nowMs: 0);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryTake(10, 0), $"message {i} of the burst");
        }

        Assert.False(limiter.TryTake(10, 0));
        Assert.False(limiter.TryTake(10, 99)); // 0.99 of a message refilled
        Assert.True(limiter.TryTake(10, 100));
        Assert.False(limiter.TryTake(10, 100));
        Assert.True(limiter.TryTake(10, 10_000)); // long idle: back to a full burst, not more
        for (int i = 0; i < 9; i++)
        {
            Assert.True(limiter.TryTake(10, 10_000));
        }

        Assert.False(limiter.TryTake(10, 10_000));
    }

    [Fact]
    public void BytesAreLimitedToo()
    {
        var limiter = new DataRateLimiter(messagesPerSecond: 1000, bytesPerSecond: 1000, nowMs: 0);
        Assert.True(limiter.TryTake(600, 0));
        Assert.False(limiter.TryTake(600, 0)); // refused messages take nothing
        Assert.True(limiter.TryTake(400, 0));
        Assert.False(limiter.TryTake(1, 0));
        Assert.True(limiter.TryTake(500, 500));
    }
}
