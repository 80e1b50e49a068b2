using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sfu.Core.Forwarding;
using Sfu.Core.Net;
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

    /// <summary>Reads the room's router on its media worker.</summary>
    public static Task<T> RouterAsync<T>(SfuServer server, string room, Func<RoomRouter, T> read)
    {
        var r = Room(server, room);
        return r.Worker.InvokeAsync(() => read(r.Router));
    }

    private static Room Room(SfuServer server, string room)
    {
        var rooms = server.Services.GetRequiredService<RoomManager>();
        Assert.True(rooms.TryGet(room, out var r), $"room {room} does not exist");
        return r!;
    }
}
