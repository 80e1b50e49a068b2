using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sfu.Server.Http;

namespace Sfu.Server.Tests.Http;

/// <summary>A flood of refusals is counted in full and logged a few times a second, with what was held back.</summary>
public sealed class HttpRefusalsTests
{
    [Fact]
    public void AFloodIsLoggedAtMostFiveTimesASecondPerReasonWithTheCountHeldBack()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var logger = new ListLogger();
        var time = new ManualTime();
        var refusals = new HttpRefusals(services.GetRequiredService<IMeterFactory>(), logger, time);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/api/dev/token";

        for (int i = 0; i < 100; i++)
        {
            refusals.Refused(context, RefusalReason.RateLimitDevToken, "too many");
        }

        refusals.Refused(context, RefusalReason.Unauthenticated, "no credentials");
        Assert.Equal(HttpRefusals.MaxLogsPerSecond + 1, logger.Lines.Count);
        Assert.All(logger.Lines, l => Assert.Equal(LogLevel.Warning, l.Level));

        time.Advance(TimeSpan.FromSeconds(1.1));
        refusals.Refused(context, RefusalReason.RateLimitDevToken, "too many");
        Assert.Contains("95 more held back", logger.Lines[^1].Message, StringComparison.Ordinal);
        Assert.Contains("rate_limit_dev_token", logger.Lines[^1].Message, StringComparison.Ordinal);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class ListLogger : ILogger<HttpRefusals>
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
