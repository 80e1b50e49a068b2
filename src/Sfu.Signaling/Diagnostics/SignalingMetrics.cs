using System.Diagnostics.Metrics;

namespace Sfu.Signaling.Diagnostics;

/// <summary>
/// Signaling instruments (meter <c>Sfu.Signaling</c>): rooms, participants, tracks, hub connections. Labels only where
/// their values are a small fixed set (a goodbye's signal, a refusal's reason). Rooms and subscribed tracks are
/// observed from the room manager at scrape time; the rest is counted as it happens.
/// </summary>
public sealed class SignalingMetrics
{
    public const string MeterName = "Sfu.Signaling";

    private readonly UpDownCounter<long> _participants;
    private readonly UpDownCounter<long> _publishedTracks;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _hubErrors;
    private readonly Counter<long> _queueOverflows;
    private readonly Counter<long> _joinsAbandoned;
    private readonly Counter<long> _replaced;
    private readonly Counter<long> _mediaGoodbyes;
    private readonly Counter<long> _consentLossRestarts;
    private readonly Counter<long> _speakerChanges;
    private Func<long> _rooms = () => 0;
    private long _openConnections;
    private Func<long> _subscribedTracks = () => 0;

    public SignalingMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _participants = meter.CreateUpDownCounter<long>("sfu.participants", "{participant}", "Participants in rooms (including those within their reconnect grace period).");
        _publishedTracks = meter.CreateUpDownCounter<long>("sfu.tracks.published", "{track}", "Tracks being published.");
        _connections = meter.CreateUpDownCounter<long>("sfu.hub.connections", "{connection}", "SignalR connections to the room hub.");
        _joins = meter.CreateCounter<long>("sfu.hub.joins", "{join}", "Successful joins.");
        _hubErrors = meter.CreateCounter<long>("sfu.hub.errors", "{error}", "Hub calls refused with an error (bad arguments, refused tokens, ...).");
        _queueOverflows = meter.CreateCounter<long>("sfu.hub.queue_overflows", "{connection}", "Connections closed because the client did not read the server's messages (its outgoing queue was full).");
        _joinsAbandoned = meter.CreateCounter<long>("sfu.hub.joins_abandoned", "{join}", "Joins and resumes whose connection dropped before they completed (a join's participant is removed at once).");
        _replaced = meter.CreateCounter<long>("sfu.participants.replaced", "{participant}", "Participants replaced by a new join with the same identity in the same room.");
        Data = new Sfu.Signaling.Data.DataMetrics(meter);
        _mediaGoodbyes = meter.CreateCounter<long>("sfu.participants.media_goodbyes", "{participant}",
            "Participants that left because their peer connections said goodbye, by the signal that decided it (signal: dtls_close, ice_consent, rtcp_bye).");
        _consentLossRestarts = meter.CreateCounter<long>("sfu.participants.consent_lost_restarts", "{transport}",
            "Transports that lost ICE consent while their participant's signaling connection was alive, so ICE restarts instead of the participant leaving (transport: publisher, subscriber).");
        _speakerChanges = meter.CreateCounter<long>("sfu.active_speakers.changes", "{change}", "Changes of a room's active speakers (who speaks, or who speaks loudest) sent to its participants.");
        meter.CreateObservableGauge("sfu.rooms", () => _rooms(), "{room}", "Rooms open.");
        meter.CreateObservableGauge("sfu.tracks.subscribed", () => _subscribedTracks(), "{track}", "Down-tracks: a published track forwarded to one subscriber.");
    }

    /// <summary>Room data messages: accepted, delivered, dropped.</summary>
    public Sfu.Signaling.Data.DataMetrics Data { get; }

    internal void Observe(Func<long> rooms, Func<long> subscribedTracks)
    {
        _rooms = rooms;
        _subscribedTracks = subscribedTracks;
    }

    public void ParticipantAdded() { _participants.Add(1); _joins.Add(1); }

    public void ParticipantRemoved() => _participants.Add(-1);

    public void TrackPublished() => _publishedTracks.Add(1);

    public void TrackUnpublished() => _publishedTracks.Add(-1);

    /// <summary>Room hub connections open now (what <c>sfu.hub.connections</c> counts).</summary>
    public long OpenConnections => Interlocked.Read(ref _openConnections);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _openConnections);
        _connections.Add(1);
    }

    public void ConnectionClosed()
    {
        Interlocked.Decrement(ref _openConnections);
        _connections.Add(-1);
    }

    public void HubError() => _hubErrors.Add(1);

    public void QueueOverflow() => _queueOverflows.Add(1);

    public void JoinAbandoned() => _joinsAbandoned.Add(1);

    public void ParticipantReplaced() => _replaced.Add(1);

    /// <summary>A participant left because its peer connections said goodbye; <paramref name="signal"/>: dtls_close, ice_consent or rtcp_bye.</summary>
    public void MediaGoodbye(string signal) => _mediaGoodbyes.Add(1, new KeyValuePair<string, object?>("signal", signal));

    public void ActiveSpeakersChanged() => _speakerChanges.Add(1);

    /// <summary>A transport lost consent with its participant's signaling connection alive: ICE restarts.</summary>
    public void ConsentLostRestart(string transport) => _consentLossRestarts.Add(1, new KeyValuePair<string, object?>("transport", transport));
}
