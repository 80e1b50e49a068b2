using Sfu.Core.Bwe;

namespace Sfu.Core.Tests.Bwe;

public class SentPacketHistoryTests
{
    private const int TickUs = 10_000;

    [Theory]
    [InlineData(50, SentPacketHistory.InitialCapacity)] // 256 packets are 5 s: enough
    [InlineData(300, 1024)]                              // a 720p video and audio: 600 packets in 2 s
    [InlineData(1_000, 2048)]
    [InlineData(100_000, SentPacketHistory.MaxCapacity)] // capped
    public void GrowsOnTheTickToTwoSecondsOfPacketsAtTheRate(int packetsPerSecond, int expected)
    {
        var history = new SentPacketHistory();
        long intervalUs = 1_000_000 / packetsPerSecond;
        long nextTickUs = TickUs;
        long sendUs = 0;
        for (int i = 0; i < packetsPerSecond * 6; i++)
        {
            sendUs += intervalUs;
            history.Add((ushort)i, 1200, sendUs, 0);
            while (sendUs >= nextTickUs)
            {
                nextTickUs += TickUs;
                history.Maintain();
            }
        }

        Assert.Equal(expected, history.Capacity);
    }

    [Fact]
    public void GrowingKeepsEveryPacketAndWhatWasReported()
    {
        var history = new SentPacketHistory();
        for (int i = 0; i < 256; i++)
        {
            history.Add((ushort)(65_500 + i), 100 + i, 1_000L * i, i % 3); // across the 16-bit wrap, 1,000 packets/s
        }

        Assert.True(history.TryReport(history.Extend(65_500), out _, out _, out _));
        Assert.True(history.Maintain());
        Assert.Equal(512, history.Capacity);

        Assert.False(history.TryReport(history.Extend(65_500), out _, out _, out _)); // reported before the growth
        for (int i = 1; i < 256; i++)
        {
            Assert.True(history.TryReport(history.Extend((ushort)(65_500 + i)), out int size, out long sendUs, out int cluster), $"packet {i}");
            Assert.Equal(100 + i, size);
            Assert.Equal(1_000L * i, sendUs);
            Assert.Equal(i % 3, cluster);
        }
    }

    [Fact]
    public void FeedbackAboutAnOverwrittenPacketGrowsTheRing()
    {
        var history = new SentPacketHistory();
        for (int i = 0; i < 1_000; i++)
        {
            history.Add((ushort)i, 1200, 10_000L * i, 0); // 100 packets/s: 256 hold 2.56 s, long enough by time
        }

        Assert.False(history.Maintain());
        Assert.False(history.TryReport(1_000 - 300, out _, out _, out _)); // a late feedback: that slot holds a newer packet
        Assert.True(history.Maintain());
        Assert.Equal(512, history.Capacity);
        Assert.False(history.Maintain()); // once
    }

    [Fact]
    public void OldOrMadeUpNumbersGrowNothing()
    {
        var history = new SentPacketHistory();
        for (int i = 0; i < 1_000; i++)
        {
            history.Add((ushort)i, 1200, 10_000L * i, 0);
        }

        Assert.False(history.TryReport(1_000 - 600, out _, out _, out _)); // older than twice the ring
        Assert.False(history.TryReport(5_000, out _, out _, out _));       // never sent
        Assert.False(history.TryReport(-1, out _, out _, out _));
        Assert.False(history.Maintain());
        Assert.Equal(SentPacketHistory.InitialCapacity, history.Capacity);
    }

    [Fact]
    public void SendTimesSurviveTheirThirtyTwoBitWrapAndStaleEntriesAreNotReported()
    {
        var history = new SentPacketHistory();
        long start = 0x1_FFFF_FF00L;
        for (int i = 0; i < 10; i++)
        {
            history.Add((ushort)i, 1200, start + (100L * i), 0);
        }

        for (int i = 0; i < 10; i++)
        {
            Assert.True(history.TryReport(i, out _, out long sendUs, out _));
            Assert.Equal(start + (100L * i), sendUs);
        }

        history.Add(10, 1200, start, 0);
        history.Add(11, 1200, start + SentPacketHistory.MaxAgeUs + 1, 0); // a minute later
        Assert.False(history.TryReport(10, out _, out _, out _));
        Assert.True(history.TryReport(11, out _, out _, out _));
    }

    [Fact]
    public void ACapacityMustBeAPowerOfTwoWithinTheBounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentPacketHistory(300));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentPacketHistory(SentPacketHistory.MaxCapacity * 2));
        Assert.Equal(64, new SentPacketHistory(64).Capacity);
    }
}
