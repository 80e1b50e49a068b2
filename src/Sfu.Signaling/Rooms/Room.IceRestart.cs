namespace Sfu.Signaling.Rooms;

/// <summary>
/// ICE consent lost while the participant's signaling connection is still there is a network problem (the client
/// changed networks, or its path dropped packets for a while), not a goodbye: the participant stays, others see it as
/// reconnecting (<c>ParticipantReconnecting</c>, as in the grace period), and ICE restarts on the transport that lost
/// consent. The subscriber connection gets a new offer with new ICE credentials at once (the server offers there).
/// The publisher connection keeps the server's credentials: a path that comes back brings consent back by itself,
/// and a client whose connection failed offers again with an ICE restart, which the server answers with new
/// credentials of its own (<see cref="PublisherNegotiator"/>). DTLS and SRTP stay across the restart (RFC 8445, JSEP):
/// the transport follows the peer to the address its new checks come from. When every transport has consent again,
/// others get <c>ParticipantResumed</c>. Consent that stays lost for the reconnect grace period, or that is lost
/// while (or when) the signaling connection is gone, is a goodbye, as before (<see cref="MediaPresence"/>).
/// </summary>
public sealed partial class Room
{
    /// <summary>
    /// On the loop: <paramref name="participant"/>'s publisher (<paramref name="publisher"/> true) or subscriber
    /// transport lost consent while its signaling connection is there: it reconnects instead of leaving.
    /// </summary>
    private async Task ConsentLostWhileConnectedAsync(Participant participant, bool publisher)
    {
        string transport = publisher ? "publisher" : "subscriber";
        _manager.SignalingMetrics.ConsentLostRestart(transport);
        RoomLog.ConsentLostWhileConnected(_logger, participant.Id, transport, _options.ReconnectGraceSeconds);
        if (!participant.MediaReconnecting)
        {
            participant.MediaReconnecting = true;
            participant.Touch();
            foreach (var other in Others(participant))
            {
                other.Notifier?.ParticipantReconnecting(participant.Id);
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
        participant.ConsentTimer?.Dispose();
        participant.ConsentTimer = null;
        participant.Touch();
        RoomLog.MediaReconnected(_logger, participant.Id);
        if (participant.Notifier is not null)
        {
            foreach (var other in Others(participant))
            {
                other.Notifier?.ParticipantResumed(participant.Id);
            }
        }
    }

    /// <summary>Leaves <paramref name="participant"/> when its peer connections still say goodbye after the grace period.</summary>
    private void StartConsentTimer(Participant participant)
    {
        participant.ConsentTimer?.Dispose();
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ => Post("consent grace period", async () =>
            {
                if (!ReferenceEquals(participant.ConsentTimer, timer))
                {
                    return;
                }

                participant.ConsentTimer = null;
                if (participant.Presence.GoodbyeReason is { } reason)
                {
                    await MediaGoodbyeAsync(participant, reason, "ice_consent");
                }
            }),
            null,
            TimeSpan.FromSeconds(_options.ReconnectGraceSeconds),
            Timeout.InfiniteTimeSpan);
        participant.ConsentTimer = timer;
    }
}
