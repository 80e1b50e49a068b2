using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Tests.Hubs;

/// <summary>A SignalR .NET client on the room hub of a test host, recording every server → client call.</summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Method, object?[] Args)> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private HubTestClient(HubConnection connection, WebSocketConnectionFactory factory)
    {
        Connection = connection;
        Factory = factory;
        Record<ParticipantInfo>("ParticipantJoined");
        Record<string>("ParticipantLeft");
        Record<string, TrackInfo>("TrackPublished");
        Record<string, string>("TrackUnpublished");
        Record<string, string, bool>("TrackMuted");
        Record<SubscriberOffer>("SubscriberOffer");
        Record<string, string>("TrackUnavailable");
        Record<string>("Disconnected");
    }

    public HubConnection Connection { get; }

    public WebSocketConnectionFactory Factory { get; }

    public static async Task<HubTestClient> ConnectAsync<TEntry>(WebApplicationFactory<TEntry> host)
        where TEntry : class
    {
        var server = host.Server;
        var factory = new WebSocketConnectionFactory(async (uri, ct) => await server.CreateWebSocketClient().ConnectAsync(uri, ct));
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IConnectionFactory>(factory);
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri("ws://localhost/hubs/room")));
        var connection = builder.Build();
        var client = new HubTestClient(connection, factory);
        await connection.StartAsync();
        return client;
    }

    public Task<JoinResponse> JoinAsync(string room, string name) => Connection.InvokeAsync<JoinResponse>("Join", new JoinRequest(room, name));

    /// <summary>Waits for a server call named <paramref name="method"/> whose arguments satisfy <paramref name="match"/>.</summary>
    public async Task<object?[]> WaitForAsync(string method, Func<object?[], bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            foreach (var e in _events)
            {
                if (e.Method == method && (match is null || match(e.Args)))
                {
                    return e.Args;
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {method} arrived; got: {string.Join(", ", _events.Select(x => x.Method))}");
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>True when a server call named <paramref name="method"/> matching <paramref name="match"/> has arrived.</summary>
    public bool Received(string method, Func<object?[], bool>? match = null)
        => _events.Any(e => e.Method == method && (match is null || match(e.Args)));

    private void Record<T1>(string method) => Connection.On<T1>(method, a => Add(method, a));

    private void Record<T1, T2>(string method) => Connection.On<T1, T2>(method, (a, b) => Add(method, a, b));

    private void Record<T1, T2, T3>(string method) => Connection.On<T1, T2, T3>(method, (a, b, c) => Add(method, a, b, c));

    private void Add(string method, params object?[] args)
    {
        _events.Enqueue((method, args));
        _arrived.Release();
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
