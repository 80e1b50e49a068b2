using Microsoft.AspNetCore.SignalR;
using Sfu.Signaling.Outgoing;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Hubs;

/// <summary>
/// What the hub keeps for one connection: its outgoing queue and the participant it is attached to (one at a time).
/// A Join or Resume in flight attaches only if the connection is still open when it completes; otherwise the hub
/// undoes it (a joined participant is removed at once: it never got its resume token). The lock orders attaching
/// against the connection's end, which SignalR may run while an invocation is still in flight.
/// </summary>
internal sealed class HubSession
{
    private readonly object _lock = new();
    private Participant? _participant;
    private bool _attaching;
    private bool _ended;

    public HubSession(OutgoingQueue queue) => Queue = queue;

    /// <summary>The connection's messages.</summary>
    public OutgoingQueue Queue { get; }

    /// <summary>The participant this connection acts for, unless it left.</summary>
    public Participant? Participant
    {
        get
        {
            lock (_lock)
            {
                return !_ended && _participant is { Left: false } p ? p : null;
            }
        }
    }

    /// <summary>Starts a Join or Resume; refused while attached to a participant (<paramref name="attachedMessage"/>) or attaching.</summary>
    public void BeginAttach(string attachedMessage)
    {
        lock (_lock)
        {
            if (_attaching)
            {
                throw new HubException("A Join or Resume is already in progress on this connection.");
            }

            if (_participant is { Left: false })
            {
                throw new HubException(attachedMessage);
            }

            _participant = null;
            _attaching = true;
        }
    }

    /// <summary>Attaches <paramref name="participant"/>; false when the connection ended meanwhile (undo the join or resume).</summary>
    public bool CompleteAttach(Participant participant, CancellationToken connectionAborted)
    {
        lock (_lock)
        {
            _attaching = false;
            if (_ended || connectionAborted.IsCancellationRequested)
            {
                return false;
            }

            _participant = participant;
            return true;
        }
    }

    /// <summary>A Join or Resume failed: nothing is attached.</summary>
    public void CancelAttach()
    {
        lock (_lock)
        {
            _attaching = false;
        }
    }

    /// <summary>The participant left on its own request: the connection may join again.</summary>
    public void Detach()
    {
        lock (_lock)
        {
            _participant = null;
        }
    }

    /// <summary>
    /// The connection ended (or is being closed): returns the participant attached, if any, the first time. A Join or
    /// Resume in flight will not attach, and calls no longer act for the participant.
    /// </summary>
    public Participant? End()
    {
        lock (_lock)
        {
            if (_ended)
            {
                return null;
            }

            _ended = true;
            return _participant;
        }
    }
}
