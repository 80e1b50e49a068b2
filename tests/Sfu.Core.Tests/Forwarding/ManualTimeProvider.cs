namespace Sfu.Core.Tests.Forwarding;

/// <summary>A clock the test moves: timestamps in 100 ns ticks, wall-clock time moving with them.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private long _ticks;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset start)
    {
        _start = start;
        _ticks = TimeSpan.TicksPerHour; // not zero: nothing may treat timestamp 0 as "never"
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks(_ticks);

    public void Advance(TimeSpan by) => _ticks += by.Ticks;

    public void AdvanceMilliseconds(double milliseconds) => _ticks += (long)(milliseconds * TimeSpan.TicksPerMillisecond);
}
