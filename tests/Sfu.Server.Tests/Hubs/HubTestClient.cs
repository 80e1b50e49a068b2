using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Core.Sdp;
using Sfu.Server.Auth;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;

namespace Sfu.Server.Tests.Hubs;

/// <summary>A SignalR .NET client on the room hub of a test host, recording every server → client call.</summary>
public sealed class HubTestClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Method, object?[] Args)> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private HubTestClient(HubConnection connection, List<FaultInjectingWebSocket> sockets)
    {
        Connection = connection;
        Sockets = sockets;
        Record<ParticipantInfo>("ParticipantJoined");
        Record<string>("ParticipantLeft");
        Record<string, TrackInfo>("TrackPublished");
        Record<string, string>("TrackUnpublished");
        Record<string, string, bool>("TrackMuted");
        Record<SubscriberOffer>("SubscriberOffer");
        Record<string, string>("TrackUnavailable");
        Record<MoveInfo>("Moving");
        Record<string>("Disconnected");
        connection.Closed += e =>
        {
            Add(ClosedEvent, e?.Message);
            return Task.CompletedTask;
        };
    }

    /// <summary>What <see cref="Events"/> records when the connection closed.</summary>
    public const string ClosedEvent = "(closed)";

    /// <summary>The server calls received so far, in order, with <see cref="ClosedEvent"/> when the connection closed.</summary>
    public IReadOnlyList<string> Events => _events.Select(e => e.Method).ToList();

    public HubConnection Connection { get; }

    /// <summary>The sockets the client opened so far (one per connection), so a test can cut one.</summary>
    public List<FaultInjectingWebSocket> Sockets { get; }

    /// <summary>
    /// Connects with <paramref name="token"/> as the access token (<c>?access_token=</c> on the WebSocket URL, as the JS
    /// client sends it); without one, with a token of the host's first key for every room ('*') and the default grants.
    /// Pass <c>""</c> to connect with no token at all.
    /// </summary>
    public static async Task<HubTestClient> ConnectAsync<TEntry>(WebApplicationFactory<TEntry> host, string? token = null)
        where TEntry : class
    {
        var server = host.Server;
        token ??= host.Services.GetRequiredService<TokenService>().Create(
            new TokenRequest("test-" + Guid.NewGuid().ToString("N")[..8], null, TokenClaims.AnyRoom, ParticipantGrants.Default, TimeSpan.FromHours(1)));
        var url = "ws://localhost/hubs/room" + (token.Length == 0 ? "" : "?access_token=" + Uri.EscapeDataString(token));
        var sockets = new List<FaultInjectingWebSocket>();
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.WebSocketFactory = async (context, ct) =>
                {
                    var socket = new FaultInjectingWebSocket(await server.CreateWebSocketClient().ConnectAsync(context.Uri, ct));
                    lock (sockets)
                    {
                        sockets.Add(socket);
                    }

                    return socket;
                };
            })
            .Build();
        var client = new HubTestClient(connection, sockets);
        await connection.StartAsync();
        return client;
    }

    /// <summary>
    /// Connects over a real socket to the hub at <paramref name="hubUrl"/> (<c>http://127.0.0.1:port/hubs/room</c>, a
    /// real Kestrel) with <paramref name="token"/> as the access token.
    /// </summary>
    public static async Task<HubTestClient> ConnectAsync(Uri hubUrl, string token)
    {
        var url = new UriBuilder(hubUrl) { Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        var sockets = new List<FaultInjectingWebSocket>();
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var inner = new System.Net.WebSockets.ClientWebSocket();
                    await inner.ConnectAsync(context.Uri, ct);
                    var socket = new FaultInjectingWebSocket(inner);
                    lock (sockets)
                    {
                        sockets.Add(socket);
                    }

                    return socket;
                };
            })
            .Build();
        var client = new HubTestClient(connection, sockets);
        await connection.StartAsync();
        return client;
    }

    public Task<JoinResponse> JoinAsync(string room, string name) => Connection.InvokeAsync<JoinResponse>("Join", new JoinRequest(room, name));

    /// <summary>Calls <c>Publish</c> with <paramref name="sdp"/> and the tracks described (by mid).</summary>
    public Task<PublishResponse> PublishAsync(string sdp, params PublishTrack[] tracks)
        => Connection.InvokeAsync<PublishResponse>("Publish", new PublishRequest(sdp, tracks));

    /// <summary>
    /// Waits for a <c>SubscriberOffer</c> matching <paramref name="match"/> and answers it as a browser would (all
    /// m-sections accepted, DTLS active); returns the offer answered.
    /// </summary>
    public async Task<SubscriberOffer> AnswerOfferAsync(Func<SubscriberOffer, bool> match)
    {
        var offer = (SubscriberOffer)(await WaitForAsync("SubscriberOffer", args => match((SubscriberOffer)args[0]!)))[0]!;
        if (!SdpParser.TryParse(offer.Sdp, out var parsed, out var error))
        {
            throw new InvalidOperationException("The subscriber offer does not parse: " + error);
        }

        var answer = SdpNegotiator.CreateAnswer(parsed!, new AnswerOptions
        {
            IceUfrag = "subu",
            IcePwd = "subpasswordsubpassword00",
            IceLite = false,
            Fingerprint = new SdpFingerprint("sha-256", string.Join(":", Enumerable.Repeat("EF", 32))),
            Setup = DtlsSetup.Active,
        });
        await Connection.InvokeAsync("SubscriberAnswer", new SubscriberAnswerRequest(offer.Version, SdpWriter.Write(answer.Answer)));
        return offer;
    }

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
