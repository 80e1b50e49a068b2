using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sfu.Core.Forwarding;
using Sfu.Core.Net;
using Sfu.Core.Transport;
using Sfu.Signaling.Rooms;

namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>Pages of the room page in their own browser contexts, and what the server knows of a room, read on its worker.</summary>
public static class ServerView
{
    /// <summary>Opens <paramref name="path"/> of the server in a new browser context with camera and microphone allowed.</summary>
    public static async Task<IPage> OpenAsync(IBrowser browser, SfuServer server, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            Permissions = new[] { "camera", "microphone" },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>The local UDP port of a participant's receiving connection, as the server sees it.</summary>
    public static async Task<int> SubscriberPortAsync(SfuServer server, string room, string participant)
    {
        var r = Room(server, room);
        var transport = await r.InspectAsync(ps => ps.Single(p => p.Name == participant).Subscriber)
            ?? throw new InvalidOperationException($"{participant} has no subscriber transport");
        var address = await r.Worker.InvokeAsync(() => transport.RemoteAddress)
            ?? throw new InvalidOperationException($"{participant} has no connected transport");
        return address.GetPort();
    }

    /// <summary>
    /// The local UDP ports of a participant's publisher and subscriber connections, as the server sees them (0 for a
    /// connection it does not have or that never connected).
    /// </summary>
    public static async Task<(int Publisher, int Subscriber)> PortsAsync(SfuServer server, string room, string participant)
    {
        var r = Room(server, room);
        var (publisher, subscriber) = await TransportsAsync(r, participant);
        return await r.Worker.InvokeAsync(() => (publisher?.RemoteAddress?.GetPort() ?? 0, subscriber?.RemoteAddress?.GetPort() ?? 0));
    }

    /// <summary>The states of a participant's publisher and subscriber transports (null for one it does not have).</summary>
    public static async Task<(WebRtcTransportState? Publisher, WebRtcTransportState? Subscriber)> TransportStatesAsync(SfuServer server, string room, string participant)
    {
        var r = Room(server, room);
        var (publisher, subscriber) = await TransportsAsync(r, participant);
        return await r.Worker.InvokeAsync(() => (publisher?.State, subscriber?.State));
    }

    /// <summary>The UDP port of the media worker that carries the room.</summary>
    public static int MediaPort(SfuServer server, string room) => Room(server, room).Worker.LocalEndPoint.Port;

    /// <summary>Reads the room's router on its media worker.</summary>
    public static Task<T> RouterAsync<T>(SfuServer server, string room, Func<RoomRouter, T> read)
    {
        var r = Room(server, room);
        return r.Worker.InvokeAsync(() => read(r.Router));
    }

    private static Task<(WebRtcTransport? Publisher, WebRtcTransport? Subscriber)> TransportsAsync(Room room, string participant)
        => room.InspectAsync(ps =>
        {
            var p = ps.SingleOrDefault(x => x.Name == participant)
                ?? throw new InvalidOperationException($"{participant} is not in the room (it left)");
            return (p.Publisher, p.Subscriber);
        });

    private static Room Room(SfuServer server, string room)
    {
        var rooms = server.Services.GetRequiredService<RoomManager>();
        Assert.True(rooms.TryGet(room, out var r), $"room {room} does not exist");
        return r!;
    }
}
