using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sfu.Core.Diagnostics;
using Sfu.Core.Sdp;
using Sfu.Core.Transport;
using Sfu.Signaling.Auth;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Lifecycle;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Tests.Infrastructure;

/// <summary>
/// Rooms without SignalR: a real media engine (one worker on a loopback port), a room manager on a
/// <see cref="FakeTimeProvider"/> the test moves, and notifiers that record what each participant is told.
/// </summary>
public sealed class RoomTestHost : IDisposable
{
    private readonly MediaEngine _engine;

    /// <param name="configure">Changes the room options.</param>
    /// <param name="mediaOnTestTime">
    /// The media worker's clock is <see cref="Time"/> too (ICE consent, DTLS timers): moving it lets consent run out.
    /// </param>
    public RoomTestHost(Action<RoomOptions>? configure = null, bool mediaOnTestTime = false)
    {
        var options = new RoomOptions();
        configure?.Invoke(options);
        _engine = new MediaEngine(
            new MediaOptions { Workers = 1, Port = 0, ListenAddress = "127.0.0.1" }, NullLoggerFactory.Instance, new MediaMetrics(), mediaOnTestTime ? Time : null);
        _engine.Start();
        Rooms = new RoomManager(_engine, _engine.Metrics, Options.Create(options), NullLoggerFactory.Instance, Time, Events, new NoIceServerSource(), Metrics, Drain);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public RecordingRoomEvents Events { get; } = new();

    public SignalingMetrics Metrics { get; } = new();

    /// <summary>Whether the node drains (new rooms are refused once it does).</summary>
    public NodeDrainState Drain { get; } = new(TimeProvider.System);

    public RoomManager Rooms { get; }

    public static string NewRoomName() => "r" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Joins with a recording notifier; <paramref name="identity"/> as a join token's subject would give it.</summary>
    public async Task<TestParticipant> JoinAsync(string room, string name, string? identity = null, CancellationToken aborted = default)
    {
        var notifier = new RecordingNotifier();
        var (participant, response) = await Rooms.JoinAsync(
            new JoinRequest(room, name), new JoinAuthorization(identity, null, ParticipantGrants.Default), notifier, aborted);
        return new TestParticipant(participant, response, notifier);
    }

    /// <summary>The open room named <paramref name="name"/>.</summary>
    public Room Room(string name) => Rooms.TryGet(name, out var room) ? room! : throw new Xunit.Sdk.XunitException($"No open room '{name}'.");

    public void Dispose() => _engine.Dispose();
}

/// <summary>A participant a test joined, what it was told, and the client side of its subscriber negotiation.</summary>
public sealed class TestParticipant
{
    public TestParticipant(Participant participant, JoinResponse response, RecordingNotifier notifier)
    {
        Participant = participant;
        Response = response;
        Notifier = notifier;
    }

    public Participant Participant { get; }

    public JoinResponse Response { get; }

    public RecordingNotifier Notifier { get; }

    public string Id => Participant.Id;

    public Room Room => Participant.Room;

    public Task<PublishResponse> PublishAsync(string sdp) => Room.PublishAsync(Participant, new PublishRequest(sdp, Array.Empty<PublishTrack>()));

    /// <summary>Answers <paramref name="offer"/> as a browser would (every m-section accepted, DTLS active).</summary>
    public async Task AnswerAsync(SubscriberOffer offer)
    {
        Assert.True(SdpParser.TryParse(offer.Sdp, out var parsed, out var error), error);
        var answer = SdpNegotiator.CreateAnswer(parsed!, new AnswerOptions
        {
            IceUfrag = "subu",
            IcePwd = "subpasswordsubpassword00",
            IceLite = false,
            Fingerprint = new SdpFingerprint("sha-256", string.Join(":", Enumerable.Repeat("EF", 32))),
            Setup = DtlsSetup.Active,
        });
        await Room.SubscriberAnswerAsync(Participant, new SubscriberAnswerRequest(offer.Version, SdpWriter.Write(answer.Answer)));
    }

    /// <summary>Answers the latest offer received, once one with a version above <paramref name="after"/> arrived.</summary>
    public async Task<SubscriberOffer> AnswerLatestAsync(int after = 0)
    {
        await Eventually.TrueAsync(() => Notifier.LatestOffer?.Version > after, $"{Participant.Name} gets an offer newer than version {after}");
        var offer = Notifier.LatestOffer!;
        await AnswerAsync(offer);
        return offer;
    }
}
