using Microsoft.Extensions.Logging;
using Sfu.Core.Transport;
using Sfu.Signaling.Diagnostics;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// What a room's participants' peer connections say, and what the room does about it: leaving without <c>Leave</c>,
/// and reconnecting after a network problem. Owned by one <see cref="Room"/> and used only on its loop (reports from
/// the worker and its timers post to the loop); it lets a participant leave through the room's remove callback.
/// <para>
/// <b>Goodbye.</b> A participant whose peer connections say goodbye has left, whether or not its signaling
/// connection is still there. Goodbye is DTLS close_notify on every transport that connected (a browser sends it when
/// its peer connections close, as the JS client does when its page goes away), ICE consent lost on every one
/// (<see cref="MediaPresence"/>) while the signaling connection is gone (or for the grace period while it is there),
/// or RTCP BYE from the publisher for every stream it sends (its <see cref="GoodbyeDetector"/>). A signaling
/// connection that drops while the media goes on says nothing: that participant keeps its grace period.
/// </para>
/// <para>
/// <b>Consent lost while connected.</b> ICE consent lost while the participant's signaling connection is still there
/// is a network problem (the client changed networks, or its path dropped packets for a while), not a goodbye: the
/// participant stays, others see it as reconnecting (<c>ParticipantReconnecting</c>, as in the grace period), and ICE
/// restarts on the transport that lost consent. The subscriber connection gets a new offer with new ICE credentials
/// at once (the server offers there). The publisher connection keeps the server's credentials: a path that comes back
/// brings consent back by itself, and a client whose connection failed offers again with an ICE restart, which the
/// server answers with new credentials of its own (<see cref="PublisherNegotiator"/>). DTLS and SRTP stay across the
/// restart (RFC 8445, JSEP): the transport follows the peer to the address its new checks come from. When every
/// transport has consent again, others get <c>ParticipantResumed</c>. Consent that stays lost for the reconnect grace
/// period, or that is lost while (or when) the signaling connection is gone, is a goodbye.
/// </para>
/// </summary>
internal sealed class PeerConnectionWatcher
{
    /// <summary>Why a participant whose publisher said RTCP BYE for all its streams (and meant it) left.</summary>
    public const string RtcpByeReason = "the publisher sent RTCP BYE for all its streams";

    private readonly IReadOnlyList<Participant> _participants;
    private readonly SubscriberNegotiator _subscribers;
    private readonly RoomOptions _options;
    private readonly SignalingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<string, Func<Task>> _post;
    private readonly Func<Participant, string, Task> _remove;
    private readonly GoodbyeDetector _goodbyes;
    private readonly Dictionary<Participant, ITimer> _consentTimers = new();

    /// <summary>
    /// Watches the peer connections of <paramref name="participants"/> (the room's live list, in join order, read on
    /// the loop only) in a room whose router runs on <paramref name="worker"/>. <paramref name="post"/> queues work on
    /// the room's loop; <paramref name="remove"/> (on the loop) removes a participant that left, for a reason.
    /// </summary>
    public PeerConnectionWatcher(
        IReadOnlyList<Participant> participants, SubscriberNegotiator subscribers, MediaWorker worker, RoomOptions options,
        SignalingMetrics metrics, TimeProvider time, ILogger logger, Action<string, Func<Task>> post, Func<Participant, string, Task> remove)
    {
        _participants = participants;
        _subscribers = subscribers;
        _options = options;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _post = post;
        _remove = remove;
        _goodbyes = new GoodbyeDetector(worker, time, post, p => GoodbyeAsync(p, RtcpByeReason, "rtcp_bye"));
    }

    /// <summary>What a participant whose peer connections said goodbye is told, if its signaling connection is still there.</summary>
    public static string LeftReason(string reason) => "Left the room: " + reason + ".";

    /// <summary>Worker thread: a transport of this room connected, lost consent or was closed by its peer.</summary>
    public void OnPeerConnectionSignal(WebRtcTransport transport, PeerConnectionSignal signal)
        => _post("peer connection " + signal, () => PeerConnectionSignalAsync(transport, signal));

    /// <summary>Worker thread: a transport of this room sent RTCP BYE for <paramref name="sources"/>.</summary>
    public void OnRtcpGoodbye(WebRtcTransport transport, uint[] sources)
        => _post("rtcp bye", () => RtcpGoodbyeAsync(transport, sources));

    /// <summary>
    /// On the loop: <paramref name="participant"/>'s signaling connection dropped. If its peer connections lost consent
    /// already, it has left (true); else it keeps its grace period (false).
    /// </summary>
    public async Task<bool> SignalingLostAsync(Participant participant)
    {
        if (participant.MediaReconnecting && participant.Presence.GoodbyeReason is { } reason)
        {
            await GoodbyeAsync(participant, reason, "ice_consent");
            return true;
        }

        return false;
    }

    /// <summary>On the loop, when <paramref name="participant"/> left: its consent timer, BYE packets and any confirmation are forgotten.</summary>
    public void Forget(Participant participant)
    {
        if (_consentTimers.Remove(participant, out var timer))
        {
            timer.Dispose();
        }

        _goodbyes.Forget(participant);
    }

    /// <summary>Its RTCP BYE detector (on the loop).</summary>
    internal GoodbyeDetector Goodbyes => _goodbyes;

    /// <summary>On the loop, for tests: true while <paramref name="participant"/>'s consent grace period runs.</summary>
    internal bool ConsentTimerRunning(Participant participant) => _consentTimers.ContainsKey(participant);

    /// <summary>On the loop: records what the transport said; the participant leaves when its peer connections said goodbye.</summary>
    private async Task PeerConnectionSignalAsync(WebRtcTransport transport, PeerConnectionSignal signal)
    {
        var participant = FindByTransport(transport);
        if (participant is null)
        {
            return; // it left already
        }

        bool publisher = ReferenceEquals(participant.Publisher, transport);
        var reason = participant.Presence.Apply(publisher, signal);
        if (signal == PeerConnectionSignal.Connected)
        {
            MediaReconnected(participant);
        }
        else if (signal == PeerConnectionSignal.ConsentLost && participant.Notifier is not null)
        {
            await ConsentLostWhileConnectedAsync(participant, publisher); // a network problem, not a goodbye
        }
        else if (reason is not null)
        {
            await GoodbyeAsync(participant, reason, signal == PeerConnectionSignal.ClosedByPeer ? "dtls_close" : "ice_consent");
        }
    }

    /// <summary>On the loop: a BYE from a publisher transport, for the <see cref="GoodbyeDetector"/>.</summary>
    private Task RtcpGoodbyeAsync(WebRtcTransport transport, uint[] sources)
    {
        Participant? participant = null;
        foreach (var p in _participants)
        {
            if (ReferenceEquals(p.Publisher, transport))
            {
                participant = p;
                break;
            }
        }

        return participant is null || sources.Length == 0
            ? Task.CompletedTask // a subscriber's BYE, or a participant that left
            : _goodbyes.HeardAsync(participant, sources);
    }

    /// <summary>
    /// On the loop: <paramref name="participant"/>'s publisher (<paramref name="publisher"/> true) or subscriber
    /// transport lost consent while its signaling connection is there: it reconnects instead of leaving.
    /// </summary>
    private async Task ConsentLostWhileConnectedAsync(Participant participant, bool publisher)
    {
        string transport = publisher ? "publisher" : "subscriber";
        _metrics.ConsentLostRestart(transport);
        RoomLog.ConsentLostWhileConnected(_logger, participant.Id, transport, _options.ReconnectGraceSeconds);
        if (!participant.MediaReconnecting)
        {
            participant.MediaReconnecting = true;
            participant.Touch();
            foreach (var other in _participants)
            {
                if (other != participant)
                {
                    other.Notifier?.ParticipantReconnecting(participant.Id);
                }
            }

            StartConsentTimer(participant);
        }

        if (!publisher)
        {
            await _subscribers.RestartIceAsync(participant);
        }
    }

    /// <summary>
    /// On the loop: a transport of <paramref name="participant"/> connected (again). Once none is without consent, it
    /// is back: others get <c>ParticipantResumed</c> (unless its signaling connection is away, which they hear of itself).
    /// </summary>
    private void MediaReconnected(Participant participant)
    {
        if (!participant.MediaReconnecting || participant.Presence.ConsentLost)
        {
            return;
        }

        participant.MediaReconnecting = false;
        if (_consentTimers.Remove(participant, out var timer))
        {
            timer.Dispose();
        }

        participant.Touch();
        RoomLog.MediaReconnected(_logger, participant.Id);
        if (participant.Notifier is not null)
        {
            foreach (var other in _participants)
            {
                if (other != participant)
                {
                    other.Notifier?.ParticipantResumed(participant.Id);
                }
            }
        }
    }

    /// <summary>Leaves <paramref name="participant"/> when its peer connections still say goodbye after the grace period.</summary>
    private void StartConsentTimer(Participant participant)
    {
        if (_consentTimers.Remove(participant, out var previous))
        {
            previous.Dispose();
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ => _post("consent grace period", async () =>
            {
                if (!_consentTimers.TryGetValue(participant, out var current) || !ReferenceEquals(current, timer))
                {
                    return;
                }

                _consentTimers.Remove(participant);
                current.Dispose();
                if (participant.Presence.GoodbyeReason is { } reason)
                {
                    await GoodbyeAsync(participant, reason, "ice_consent");
                }
            }),
            null,
            TimeSpan.FromSeconds(_options.ReconnectGraceSeconds),
            Timeout.InfiniteTimeSpan);
        _consentTimers[participant] = timer;
    }

    /// <summary>
    /// On the loop: the participant's peer connections said goodbye: it has left. Its signaling connection, if still
    /// there, is told why (<c>Disconnected</c>); the others get <c>ParticipantLeft</c> at once.
    /// </summary>
    private async Task GoodbyeAsync(Participant participant, string reason, string signal)
    {
        if (participant.Left)
        {
            return;
        }

        _metrics.MediaGoodbye(signal);
        participant.Notifier?.Disconnected(LeftReason(reason));
        await _remove(participant, reason);
    }

    private Participant? FindByTransport(WebRtcTransport transport)
    {
        foreach (var p in _participants)
        {
            if (ReferenceEquals(p.Publisher, transport) || ReferenceEquals(p.Subscriber, transport))
            {
                return p;
            }
        }

        return null;
    }
}
