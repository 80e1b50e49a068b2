using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Hubs;

namespace Sfu.Server.Tests.Hubs;

/// <summary>
/// Refusing is cheap at the hub: refused calls are counted and logged rate-limited without stacks (SignalR's own
/// error line per call is filtered out), a connection that keeps being refused is closed, and Join is rate-limited
/// per connection and per client address with a refusal that says when to retry.
/// </summary>
public sealed class HubRefusalTests
{
    [Fact]
    public async Task FiveThousandRefusedCallsWriteFewerThanFiftyLogLinesAndTheConnectionIsClosed()
    {
        var sink = new CollectingSink();
        using var host = new SfuTestHost().WithWebHostBuilder(b =>
        {
            b.UseSetting("Serilog:MinimumLevel", "Information");
            b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(sink));
        });
        await using var client = await HubTestClient.ConnectAsync(host, token: "");
        var closed = new TaskCompletionSource();
        client.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        int before = sink.Events.Count;

        int sent = 0;
        try
        {
            for (; sent < 5000 && client.Connection.State == HubConnectionState.Connected; sent++)
            {
                await client.Connection.SendAsync("SetTrackMuted", new MuteRequest("TR_x", true));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or HubException or IOException or OperationCanceledException)
        {
            // The server closed the connection meanwhile.
        }

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var lines = sink.Events.Skip(before).Where(e => e.Level >= LogEventLevel.Warning).ToList();
        Assert.True(lines.Count < 50, $"{lines.Count} lines for {sent} refused calls: {string.Join(" | ", lines.Take(10).Select(l => l.RenderMessage()))}");
        Assert.All(lines, l => Assert.Null(l.Exception));
        Assert.True(lines.Exists(l => l.RenderMessage().Contains("refused calls within", StringComparison.Ordinal)), $"sent {sent}: " + string.Join(" | ", sink.Events.Skip(before).Select(l => l.Level + " " + l.RenderMessage()).Distinct().Take(20)));
        Assert.Contains(lines, l => l.MessageTemplate.Text.StartsWith("Hub call refused", StringComparison.Ordinal) && l.Properties["Reason"].ToString() == "\"not_joined\"");
        Assert.True(sent > HubRefusals.MaxRefusalsPerConnection, $"the connection closed after {sent} calls");

        var metrics = await host.CreateClient().GetStringAsync("/metrics");
        Assert.True(Counter(metrics, "sfu_hub_refused_total", "not_joined") > HubRefusals.MaxRefusalsPerConnection, metrics);
        Assert.Equal(1, Counter(metrics, "sfu_hub_refusal_disconnects_total", null));
    }

    [Fact]
    public async Task ALeaveAfterLeavingIsNeitherRefusedNorCounted()
    {
        // A page going away sends Leave without waiting and closes its peer connections at once; the server may have
        // taken their close_notify as the goodbye already. The Leave that follows is the client's right, not a fault.
        using var host = new SfuTestHost();
        await using var client = await HubTestClient.ConnectAsync(host);
        await client.JoinAsync("leave-" + Guid.NewGuid().ToString("N")[..8], "Alice");
        await client.Connection.InvokeAsync("Leave");
        await client.Connection.InvokeAsync("Leave");

        Assert.Equal(0, Counter(await host.CreateClient().GetStringAsync("/metrics"), "sfu_hub_refused_total", "not_joined"));
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
    }

    [Fact]
    public async Task JoinOverThePerConnectionLimitIsRefusedWithARetryTime()
    {
        using var host = new SfuTestHost().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sfu:RateLimits:HubJoinPerConnection:PermitLimit", "2");
            b.UseSetting("Sfu:RateLimits:HubJoinPerConnection:WindowSeconds", "60");
        });
        await using var client = await HubTestClient.ConnectAsync(host);
        var room = "limit-" + Guid.NewGuid().ToString("N")[..8];
        await client.JoinAsync(room, "Alice");
        await client.Connection.InvokeAsync("Leave");
        await client.JoinAsync(room, "Alice");
        await client.Connection.InvokeAsync("Leave");

        var refused = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(room, "Alice"));
        var match = Regex.Match(refused.Message, @"Too many joins from this connection; retry in (\d+) s\.");
        Assert.True(match.Success, refused.Message);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // Another connection (same address, far under its limit) still joins.
        await using var other = await HubTestClient.ConnectAsync(host);
        await other.JoinAsync(room, "Bob");
        Assert.Equal(1, Counter(await host.CreateClient().GetStringAsync("/metrics"), "sfu_hub_refused_total", "rate_limited"));
    }

    [Fact]
    public async Task JoinOverThePerAddressLimitIsRefusedWithARetryTime()
    {
        using var host = new SfuTestHost().WithWebHostBuilder(b =>
        {
            b.UseSetting("Sfu:RateLimits:HubJoinPerAddress:PermitLimit", "3");
            b.UseSetting("Sfu:RateLimits:HubJoinPerAddress:WindowSeconds", "30");
        });
        var room = "limit-" + Guid.NewGuid().ToString("N")[..8];
        var clients = new List<HubTestClient>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                var c = await HubTestClient.ConnectAsync(host);
                clients.Add(c);
                await c.JoinAsync(room, "P" + i);
            }

            var fourth = await HubTestClient.ConnectAsync(host);
            clients.Add(fourth);
            var refused = await Assert.ThrowsAsync<HubException>(() => fourth.JoinAsync(room, "P3"));
            var match = Regex.Match(refused.Message, @"Too many joins from this address; retry in (\d+) s\.");
            Assert.True(match.Success, refused.Message);
            Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 30);
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }
        }
    }

    /// <summary>A counter's value from the Prometheus text (summed over its series, or the one with reason=<paramref name="reason"/>).</summary>
    private static long Counter(string metrics, string name, string? reason)
    {
        long sum = 0;
        foreach (Match m in Regex.Matches(metrics, $@"^{name}(\{{[^}}]*\}})? (\d+)", RegexOptions.Multiline))
        {
            if (reason is null || m.Groups[1].Value.Contains($"reason=\"{reason}\"", StringComparison.Ordinal))
            {
                sum += long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return sum;
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
