namespace Sfu.Signaling.Rooms;

/// <summary>
/// Whether a participant's peer connections are still there, from what its transports reported: it decides when they
/// said goodbye. They have when every transport that ever connected is gone (closed by the peer with DTLS
/// close_notify, or without ICE consent) and at least one connected: both transports of a participant that has both, the
/// one of a participant with one (a subscriber transport offered and never connected does not count). A transport
/// whose consent comes back is there again. Owned by the room's loop; a lost signaling connection does not touch it.
/// </summary>
internal sealed class MediaPresence
{
    private PeerConnectionSignal? _publisher;
    private PeerConnectionSignal? _subscriber;

    /// <summary>
    /// Records what the publisher (<paramref name="publisher"/> true) or subscriber transport reported; returns why the
    /// participant's peer connections said goodbye when this completes it, else null.
    /// </summary>
    public string? Apply(bool publisher, PeerConnectionSignal signal)
    {
        if (publisher)
        {
            _publisher = signal;
        }
        else
        {
            _subscriber = signal;
        }

        return signal == PeerConnectionSignal.Connected ? null : GoodbyeReason;
    }

    /// <summary>
    /// Why the participant's peer connections said goodbye, as things stand: null while a transport is connected or
    /// none ever reported.
    /// </summary>
    public string? GoodbyeReason
    {
        get
        {
            if (_publisher is null && _subscriber is null
                || _publisher == PeerConnectionSignal.Connected
                || _subscriber == PeerConnectionSignal.Connected)
            {
                return null;
            }

            return (_publisher ?? _subscriber, _subscriber ?? _publisher) switch
            {
                (PeerConnectionSignal.ClosedByPeer, PeerConnectionSignal.ClosedByPeer) => ClosedReason,
                (PeerConnectionSignal.ConsentLost, PeerConnectionSignal.ConsentLost) => ConsentLostReason,
                _ => MixedReason,
            };
        }
    }

    /// <summary>True while a transport that connected is without ICE consent (a network problem, or a peer gone).</summary>
    public bool ConsentLost => _publisher == PeerConnectionSignal.ConsentLost || _subscriber == PeerConnectionSignal.ConsentLost;

    /// <summary>Every transport that connected was closed by the peer.</summary>
    public const string ClosedReason = "its peer connections closed (DTLS close_notify)";

    /// <summary>Every transport that connected lost ICE consent.</summary>
    public const string ConsentLostReason = "its peer connections lost ICE consent";

    /// <summary>One was closed by the peer, the other lost consent.</summary>
    public const string MixedReason = "its peer connections closed or lost ICE consent";
}
