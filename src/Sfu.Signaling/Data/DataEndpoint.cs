using System.Buffers;
using System.Text;
using Sfu.Core.DataChannels;
using Sfu.Core.Sctp;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Data;

/// <summary>
/// One participant's room data: the two channels its client opens on its publisher connection (<c>_reliable</c>,
/// ordered and reliable; <c>_lossy</c>, unordered without retransmissions), which carry its messages to the server and
/// the others' messages to it; its rate limiter; what it was told. Owned by the room's media worker thread.
/// </summary>
public sealed class DataEndpoint : IDataChannelListener
{
    /// <summary>The label of the reliable channel the client opens.</summary>
    public const string ReliableLabel = "_reliable";

    /// <summary>The label of the lossy channel the client opens.</summary>
    public const string LossyLabel = "_lossy";

    private readonly RoomDataRouter _router;
    private readonly long[] _dropped = new long[6];
    private readonly bool[] _told = new bool[6];

    internal DataEndpoint(RoomDataRouter router, Participant participant, DataRateLimiter limiter)
    {
        _router = router;
        Participant = participant;
        ParticipantId = Encoding.UTF8.GetBytes(participant.Id);
        Limiter = limiter;
    }

    public Participant Participant { get; }

    /// <summary>The participant id in UTF-8, as senders name destinations and receivers see the sender.</summary>
    public byte[] ParticipantId { get; }

    internal DataRateLimiter Limiter { get; }

    /// <summary>The participant's data channel transport (its publisher connection's SCTP association).</summary>
    internal DataChannelTransport? Transport { get; set; }

    /// <summary>Reliable messages waiting for this receiver's channel, oldest first (bounded by <see cref="PendingBytes"/>).</summary>
    internal Queue<PendingDataMessage> Pending { get; } = new();

    /// <summary>Bytes in <see cref="Pending"/>.</summary>
    internal int PendingBytes { get; private set; }

    /// <summary>The client's reliable channel, once open.</summary>
    public DataChannel? Reliable { get; private set; }

    /// <summary>The client's lossy channel, once open.</summary>
    public DataChannel? Lossy { get; private set; }

    /// <summary>Messages of this participant accepted and forwarded.</summary>
    public long Sent { get; internal set; }

    /// <summary>Messages handed to this participant's channels.</summary>
    public long Received { get; internal set; }

    /// <summary>Messages of this participant dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DataDropReason reason) => _dropped[(int)reason];

    /// <summary>Counts a drop of this participant's message; true the first time for <paramref name="reason"/> while the client can be told.</summary>
    internal bool CountDrop(DataDropReason reason)
    {
        _dropped[(int)reason]++;
        return !_told[(int)reason] && Reliable is { State: DataChannelState.Open };
    }

    /// <summary>Tells the client once why its messages are dropped (a <see cref="DataMessageType.Refused"/> message).</summary>
    internal void Tell(DataDropReason reason, string text)
    {
        _told[(int)reason] = true;
        Reliable?.Send(DataMessageWriter.Refused(reason, text));
    }

    /// <summary>Queues a copy of <paramref name="message"/> (a pooled buffer); <paramref name="heldOn"/>'s window is held down by its size.</summary>
    internal void Enqueue(ReadOnlySpan<byte> message, SctpAssociation? heldOn, long nowMs)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(buffer);
        Pending.Enqueue(new PendingDataMessage(buffer, message.Length, heldOn, nowMs));
        PendingBytes += message.Length;
        heldOn?.HoldReceived(message.Length);
    }

    /// <summary>Sends waiting messages while the reliable channel takes them; false when some are still waiting.</summary>
    internal bool FlushPending()
    {
        while (Pending.TryPeek(out var next))
        {
            if (Reliable is not { State: DataChannelState.Open } channel || channel.Send(next.Buffer.AsSpan(0, next.Length)) != SctpSendResult.Ok)
            {
                return false;
            }

            Release(Pending.Dequeue());
            Received++;
        }

        return true;
    }

    /// <summary>Drops every waiting message (the receiver is gone or stuck); returns how many.</summary>
    internal int DropPending()
    {
        int count = Pending.Count;
        while (Pending.TryDequeue(out var message))
        {
            Release(message);
            DropIncoming();
        }

        return count;
    }

    private void Release(PendingDataMessage message)
    {
        PendingBytes -= message.Length;
        message.HeldOn?.ReleaseReceived(message.Length);
        ArrayPool<byte>.Shared.Return(message.Buffer);
    }

    /// <summary>Records a receiver-side drop (its buffer was full); counted on the receiver, never told.</summary>
    internal void DropIncoming() => _dropped[(int)DataDropReason.ReceiverBufferFull]++;

    public void OnDataChannelOpened(DataChannel channel)
    {
        if (string.Equals(channel.Label, ReliableLabel, StringComparison.Ordinal))
        {
            Reliable = channel;
            channel.Send(_router.LimitsMessage);
        }
        else if (string.Equals(channel.Label, LossyLabel, StringComparison.Ordinal))
        {
            Lossy = channel;
        }
    }

    public void OnDataChannelMessage(DataChannel channel, ReadOnlySpan<byte> payload, bool isBinary)
    {
        if (channel == Reliable)
        {
            _router.OnMessage(this, reliable: true, payload, isBinary);
        }
        else if (channel == Lossy)
        {
            _router.OnMessage(this, reliable: false, payload, isBinary);
        }
        else
        {
            _router.OnMessage(this, reliable: true, ReadOnlySpan<byte>.Empty, isBinary); // another channel: not ours to relay
        }
    }

    public void OnDataChannelClosed(DataChannel channel)
    {
        if (channel == Reliable)
        {
            Reliable = null;
        }
        else if (channel == Lossy)
        {
            Lossy = null;
        }
    }

    public void OnDataChannelTransportStateChanged(DataChannelTransport transport, SctpAssociationState state)
    {
        if (state is SctpAssociationState.Closed)
        {
            Reliable = null;
            Lossy = null;
        }
    }
}
