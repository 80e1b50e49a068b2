using Sfu.Core.Forwarding;
using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Leaving without <c>Leave</c>: a participant whose peer connections say goodbye has left, whether or not its
/// signaling connection is still there. Goodbye is DTLS close_notify on every transport that connected (a browser
/// sends it when its peer connections close, as the JS client does when its page goes away), ICE consent lost on
/// every one (<see cref="MediaPresence"/>), or RTCP BYE from the publisher for every stream it sends. A signaling
/// connection that drops while the media goes on says nothing: that participant keeps its grace period.
/// </summary>
public sealed partial class Room
{
    /// <summary>
    /// How long a publisher's BYE for all its streams must stand before it counts: its tracks still published and no
    /// packet since. A client that stops a track sends BYE for it before it renegotiates (its <c>Publish</c>), so a
    /// BYE alone could be a client unpublishing its last tracks.
    /// </summary>
    public static readonly TimeSpan GoodbyeConfirmation = TimeSpan.FromSeconds(1);

    /// <summary>SSRCs a participant's BYE packets are remembered for (a publisher sends a few streams).</summary>
    internal const int MaxGoodbyeSsrcs = 64;

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

        if (participant.Presence.Apply(ReferenceEquals(participant.Publisher, transport), signal) is { } reason)
        {
            await MediaGoodbyeAsync(participant, reason, signal == PeerConnectionSignal.ClosedByPeer ? "dtls_close" : "ice_consent");
        }
    }

    /// <summary>
    /// On the loop: a BYE from a publisher transport. Once the BYE packets heard cover every stream its tracks have
    /// sent, the participant leaves after <see cref="GoodbyeConfirmation"/> unless it unpublished them or sent on them
    /// meanwhile.
    /// </summary>
    private async Task RtcpGoodbyeAsync(WebRtcTransport transport, uint[] sources)
    {
        var participant = _joinOrder.Find(p => ReferenceEquals(p.Publisher, transport));
        if (participant is null || sources.Length == 0)
        {
            return; // a subscriber's BYE, or a participant that left
        }

        var said = participant.GoodbyeSsrcs ??= new HashSet<uint>();
        foreach (var ssrc in sources)
        {
            if (said.Count < MaxGoodbyeSsrcs)
            {
                said.Add(ssrc);
            }
        }

        var tracks = participant.PublishedByMid.Values.Where(t => t.RouterTrack is not null).ToList();
        if (tracks.Count == 0)
        {
            return;
        }

        if (await PacketsOfStreamsThatSaidGoodbyeAsync(tracks, said) is not { } packets)
        {
            return; // some stream has not said goodbye
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ => Post("rtcp bye confirmation", () => ConfirmRtcpGoodbyeAsync(participant, tracks, packets, timer!)),
            null,
            GoodbyeConfirmation,
            Timeout.InfiniteTimeSpan);
        participant.GoodbyeTimer?.Dispose();
        participant.GoodbyeTimer = timer;
    }

    /// <summary>On the loop, <see cref="GoodbyeConfirmation"/> after a BYE covered every stream: leaves if nothing changed.</summary>
    private async Task ConfirmRtcpGoodbyeAsync(Participant participant, List<PublishedTrackEntry> tracks, long packets, ITimer timer)
    {
        timer.Dispose();
        if (participant.Left || !ReferenceEquals(participant.GoodbyeTimer, timer))
        {
            return;
        }

        participant.GoodbyeTimer = null;
        if (tracks.Exists(t => !participant.PublishedByMid.TryGetValue(t.Mid, out var now) || !ReferenceEquals(now, t)))
        {
            return; // unpublished meanwhile: the BYE was for that
        }

        if (await PacketsOfStreamsThatSaidGoodbyeAsync(tracks, participant.GoodbyeSsrcs!) != packets)
        {
            return; // it sends again, or on new streams
        }

        await MediaGoodbyeAsync(participant, RtcpByeReason, "rtcp_bye");
    }

    /// <summary>
    /// Reads on the worker: the packets received on the tracks' streams when every stream that has an SSRC is in
    /// <paramref name="said"/> (and at least one has), else null.
    /// </summary>
    private Task<long?> PacketsOfStreamsThatSaidGoodbyeAsync(List<PublishedTrackEntry> tracks, HashSet<uint> said)
    {
        var routerTracks = tracks.Select(t => t.RouterTrack!).ToArray();
        var ssrcs = said.ToArray();
        return Worker.InvokeAsync(() => PacketsIfAllSaidGoodbye(routerTracks, ssrcs));
    }

    /// <summary>On the worker: see <see cref="PacketsOfStreamsThatSaidGoodbyeAsync"/>.</summary>
    private static long? PacketsIfAllSaidGoodbye(PublishedTrack[] tracks, uint[] said)
    {
        long packets = 0;
        bool any = false;
        foreach (var track in tracks)
        {
            foreach (var layer in track.Layers)
            {
                if (!layer.HasSsrc)
                {
                    continue; // a simulcast layer never sent
                }

                if (Array.IndexOf(said, layer.Ssrc) < 0)
                {
                    return null;
                }

                any = true;
                packets += layer.PacketsReceived;
            }
        }

        return any ? packets : null;
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
