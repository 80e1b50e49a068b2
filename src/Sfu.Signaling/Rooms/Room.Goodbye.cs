using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Leaving without <c>Leave</c>: a participant whose peer connections say goodbye has left, whether or not its
/// signaling connection is still there. Goodbye is DTLS close_notify on every transport that connected (a browser
/// sends it when its peer connections close, as the JS client does when its page goes away), ICE consent lost on
/// every one (<see cref="MediaPresence"/>) while the signaling connection is gone (or for the grace period while it is
/// there: see Room.IceRestart.cs), or RTCP BYE from the publisher for every stream it sends
/// (<see cref="GoodbyeDetector"/>). A signaling connection that drops while the media goes on says nothing: that
/// participant keeps its grace period.
/// </summary>
public sealed partial class Room
{
    /// <inheritdoc cref="GoodbyeDetector.Confirmation"/>
    public static readonly TimeSpan GoodbyeConfirmation = GoodbyeDetector.Confirmation;

    internal const string RtcpByeReason = "the publisher sent RTCP BYE for all its streams";

    /// <summary>Worker thread: a transport of this room connected, lost consent or was closed by its peer.</summary>
    internal void OnPeerConnectionSignal(WebRtcTransport transport, PeerConnectionSignal signal)
        => Post("peer connection " + signal, () => PeerConnectionSignalAsync(transport, signal));

    /// <summary>Worker thread: a transport of this room sent RTCP BYE for <paramref name="sources"/>.</summary>
    internal void OnRtcpGoodbye(WebRtcTransport transport, uint[] sources)
        => Post("rtcp bye", () => RtcpGoodbyeAsync(transport, sources));

    /// <summary>On the loop: records what the transport said; the participant leaves when its peer connections said goodbye.</summary>
    private async Task PeerConnectionSignalAsync(WebRtcTransport transport, PeerConnectionSignal signal)
    {
        var participant = _joinOrder.Find(p => ReferenceEquals(p.Publisher, transport) || ReferenceEquals(p.Subscriber, transport));
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
            await MediaGoodbyeAsync(participant, reason, signal == PeerConnectionSignal.ClosedByPeer ? "dtls_close" : "ice_consent");
        }
    }

    /// <summary>On the loop: a BYE from a publisher transport, for its participant's <see cref="GoodbyeDetector"/>.</summary>
    private Task RtcpGoodbyeAsync(WebRtcTransport transport, uint[] sources)
    {
        var participant = _joinOrder.Find(p => ReferenceEquals(p.Publisher, transport));
        return participant is null || sources.Length == 0
            ? Task.CompletedTask // a subscriber's BYE, or a participant that left
            : _goodbyes.HeardAsync(participant, sources);
    }

    /// <summary>
    /// On the loop: the participant's peer connections said goodbye: it has left. Its signaling connection, if still
    /// there, is told why (<c>Disconnected</c>); the others get <c>ParticipantLeft</c> at once.
    /// </summary>
    private async Task MediaGoodbyeAsync(Participant participant, string reason, string signal)
    {
        if (participant.Left)
        {
            return;
        }

        _manager.SignalingMetrics.MediaGoodbye(signal);
        participant.Notifier?.Disconnected(LeftReason(reason));
        await RemoveParticipantAsync(participant, reason);
    }

    /// <summary>What a participant whose peer connections said goodbye is told, if its signaling connection is still there.</summary>
    public static string LeftReason(string reason) => "Left the room: " + reason + ".";
}
