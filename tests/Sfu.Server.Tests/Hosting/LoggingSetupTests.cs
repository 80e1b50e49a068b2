using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Sfu.Server.Hosting;

namespace Sfu.Server.Tests.Hosting;

public sealed class LoggingSetupTests
{
    [Theory]
    [InlineData("/", 200, LogEventLevel.Information)]
    [InlineData("/api/rooms", 404, LogEventLevel.Information)]
    [InlineData("/metrics", 200, LogEventLevel.Verbose)]
    [InlineData("/healthz", 200, LogEventLevel.Verbose)]
    [InlineData("/api/rooms", 401, LogEventLevel.Debug)]
    [InlineData("/api/dev/token", 429, LogEventLevel.Debug)]
    [InlineData("/api/echo", 503, LogEventLevel.Debug)]
    [InlineData("/api/echo", 500, LogEventLevel.Error)]
    public void RequestsAreLoggedAtALevelThatFitsThem(string path, int status, LogEventLevel expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.StatusCode = status;
        Assert.Equal(expected, LoggingSetup.LevelOf(context, 1, null));
        Assert.Equal(LogEventLevel.Error, LoggingSetup.LevelOf(context, 1, new InvalidOperationException()));
    }

    [Fact]
    public void ABrokenSerilogSectionStopsStartupSayingWhatToFix()
    {
        using var host = new SfuTestHost().WithWebHostBuilder(b => b.UseSetting("Serilog:MinimumLevel", "Loud"));
        var e = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("The Serilog section of the configuration cannot be used", e.ToString(), StringComparison.Ordinal);
        Assert.Contains("MinimumLevel values are", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachRequestIsOneEventThroughSerilog()
    {
        var sink = new CollectingSink();
        using (var host = new SfuTestHost().WithWebHostBuilder(b =>
        {
            b.UseSetting("Serilog:MinimumLevel", "Verbose");
            b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(sink));
        }))
        {
            await host.CreateClient().GetAsync("/echo");
            await host.CreateClient().GetAsync("/healthz");
            await host.CreateClient().GetAsync("/api/rooms");
        }

        var requests = sink.Events.Where(e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod}", StringComparison.Ordinal))
            .Select(e => (Path: e.Properties["RequestPath"].ToString().Trim('"'), e.Level)).ToList();
        Assert.Contains(("/echo", LogEventLevel.Information), requests);
        Assert.Contains(("/healthz", LogEventLevel.Verbose), requests);
        Assert.Contains(("/api/rooms", LogEventLevel.Debug), requests);
        Assert.Single(requests, r => r.Path == "/echo");
    }

    private sealed class CollectingSink : ILogEventSink
    {
        private readonly List<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return _events.ToList();
                }
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_events)
            {
                _events.Add(logEvent);
            }
        }
    }
}
