using System.Globalization;
using Sfu.Core.DataChannels;
using Sfu.Core.Sctp;
using Sfu.Core.Transport;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Data;

/// <summary>
/// Relays a room's data messages (docs/signaling-protocol.md, "Room data"). One per room, owned by the room's media
/// worker thread like the transports whose data channels it reads and writes: a message arrives on the sender's
/// <see cref="DataEndpoint"/>, is checked (envelope, canPublishData, size, rate), rewritten once into the router's
/// scratch buffer with the sender's participant id (the server's, never the client's word) and sent on each receiver's
/// channel of the same kind. Nothing is allocated per message: the envelope is parsed in place, destinations are
/// compared as bytes, and the data channels copy into their pooled SCTP buffers.
/// </summary>
public sealed class RoomDataRouter
{
    private readonly Dictionary<Participant, DataEndpoint> _byParticipant = new();
    private readonly List<DataEndpoint> _endpoints = new();
    private readonly RoomDataOptions _options;
    private readonly DataMetrics _metrics;
    private readonly MediaWorker _worker;
    private readonly byte[] _scratch;
    private readonly Action _tick;

    /// <summary>How long a receiver's oldest waiting reliable message may wait before its queue is dropped.</summary>
    public const int StuckReceiverMs = 5000;

    /// <summary>Bytes of reliable messages that may wait for one receiver; beyond, its messages are dropped.</summary>
    public const int MaxPendingBytesPerReceiver = 4 * 1024 * 1024;

    public RoomDataRouter(RoomDataOptions options, DataMetrics metrics, MediaWorker worker)
    {
        _options = options;
        _metrics = metrics;
        _worker = worker;
        _scratch = new byte[options.MaxMessageBytes + DataMessageWriter.MaxHeaderLength];
        LimitsMessage = DataMessageWriter.Limits(options);
        _tick = Tick;
    }

    /// <summary>What every client's reliable channel is told first: the limits.</summary>
    internal byte[] LimitsMessage { get; }

    /// <summary>The endpoints, in the order their participants' data channels were attached.</summary>
    public IReadOnlyList<DataEndpoint> Endpoints => _endpoints;

    /// <summary>The participant's endpoint, or null when its publisher connection carries no data channels.</summary>
    public DataEndpoint? Find(Participant participant) => _byParticipant.GetValueOrDefault(participant);

    /// <summary>
    /// On the worker: carries the participant's room data on <paramref name="transport"/> (its publisher connection,
    /// whose offer had an m=application section). Does nothing when it already does.
    /// </summary>
    public void Attach(Participant participant, WebRtcTransport transport)
    {
        if (transport.DataChannels is not null)
        {
            return;
        }

        var endpoint = new DataEndpoint(this, participant, new DataRateLimiter(_options.MessagesPerSecond, _options.BytesPerSecond, _worker.NowMs));
        if (_byParticipant.Remove(participant, out var old))
        {
            _endpoints.Remove(old);
        }

        _byParticipant.Add(participant, endpoint);
        _endpoints.Add(endpoint);
        endpoint.Transport = transport.AttachDataChannels(endpoint);
        if (_endpoints.Count == 1)
        {
            _worker.AddTickHandler(_tick);
        }
    }

    /// <summary>On the worker: forgets the participant (it left; its transport closes with it).</summary>
    public void Detach(Participant participant)
    {
        if (_byParticipant.Remove(participant, out var endpoint))
        {
            _endpoints.Remove(endpoint);
            endpoint.DropPending();
            if (_endpoints.Count == 0)
            {
                _worker.RemoveTickHandler(_tick);
            }
        }
    }

    /// <summary>
    /// On the worker's tick: passes waiting reliable messages on to receivers whose channels drained (releasing their
    /// senders' windows); a receiver whose oldest message has waited longer than <see cref="StuckReceiverMs"/> loses
    /// its queue, so one receiver that does not read cannot hold every sender of the room back for long.
    /// </summary>
    private void Tick()
    {
        long now = _worker.NowMs;
        foreach (var to in _endpoints)
        {
            if (to.Pending.Count > 0 && !to.FlushPending() && now - to.Pending.Peek().QueuedAtMs > StuckReceiverMs)
            {
                int dropped = to.DropPending();
                for (int i = 0; i < dropped; i++)
                {
                    _metrics.Dropped(DataDropReason.ReceiverBufferFull);
                }
            }
        }
    }

    /// <summary>A message from <paramref name="from"/>'s channel: relay it or drop, count and tell.</summary>
    internal void OnMessage(DataEndpoint from, bool reliable, ReadOnlySpan<byte> message, bool isBinary)
    {
        if (!isBinary || !DataPublishEnvelope.TryParse(message, out var envelope))
        {
            Drop(from, DataDropReason.Malformed, 0);
            return;
        }

        if (!from.Participant.Grants.CanPublishData)
        {
            // Grants is an immutable record replaced whole by the room's loop: reading the reference here is safe.
            Drop(from, DataDropReason.NotAllowed, 0);
            return;
        }

        int size = envelope.Payload.Length;
        if (size > _options.MaxMessageBytes)
        {
            Drop(from, DataDropReason.TooLarge, size);
            return;
        }

        if (!from.Limiter.TryTake(size, _worker.NowMs))
        {
            Drop(from, DataDropReason.RateLimited, size);
            return;
        }

        from.Sent++;
        _metrics.Accepted(reliable, size);
        int length = DataMessageWriter.WriteMessage(_scratch, envelope.Flags, from.ParticipantId, envelope.Topic, envelope.Payload);
        int delivered = 0;
        foreach (var to in _endpoints)
        {
            if (to != from && (envelope.DestinationCount == 0 || envelope.IsDestination(to.ParticipantId)) && Deliver(to, reliable, _scratch.AsSpan(0, length), from.Transport?.Association))
            {
                delivered++;
            }
        }

        _metrics.Delivered(delivered);
    }

    /// <summary>
    /// On the worker: a message from the server itself (the admin API), sender id empty. Null or empty
    /// <paramref name="destinations"/>: everyone in the room. Returns how many receivers it was handed to.
    /// </summary>
    public int Send(ReadOnlySpan<byte> payload, bool isText, ReadOnlySpan<byte> topic, bool reliable, IReadOnlyCollection<string>? destinations)
    {
        if (payload.Length > _options.MaxMessageBytes || topic.Length > byte.MaxValue)
        {
            throw new ArgumentException($"A data message is limited to {_options.MaxMessageBytes} bytes of payload and 255 bytes of topic.");
        }

        _metrics.Accepted(reliable, payload.Length);
        int length = DataMessageWriter.WriteMessage(_scratch, isText ? DataPublishEnvelope.TextFlag : (byte)0, ReadOnlySpan<byte>.Empty, topic, payload);
        int delivered = 0;
        foreach (var to in _endpoints)
        {
            if ((destinations is null || destinations.Count == 0 || destinations.Contains(to.Participant.Id)) && Deliver(to, reliable, _scratch.AsSpan(0, length), null))
            {
                delivered++;
            }
        }

        _metrics.Delivered(delivered);
        return delivered;
    }

    /// <summary>
    /// Hands <paramref name="message"/> to a receiver's channel. A reliable one that does not fit (or must wait behind
    /// others) waits in the receiver's queue and holds down the window of <paramref name="sender"/>; a lossy one that
    /// does not fit is dropped for that receiver.
    /// </summary>
    private bool Deliver(DataEndpoint to, bool reliable, ReadOnlySpan<byte> message, SctpAssociation? sender)
    {
        if (!to.Participant.Grants.CanSubscribe)
        {
            return false;
        }

        var channel = reliable ? to.Reliable : to.Lossy;
        if (channel is not { State: DataChannelState.Open })
        {
            return false; // its client did not open that channel (yet): it does not take room data of that kind
        }

        if (reliable && to.Pending.Count > 0)
        {
            return Wait(to, message, sender);
        }

        if (channel.Send(message) == SctpSendResult.Ok)
        {
            to.Received++;
            return true;
        }

        if (reliable)
        {
            return Wait(to, message, sender);
        }

        to.DropIncoming();
        _metrics.Dropped(DataDropReason.ReceiverBufferFull);
        return false;
    }

    private bool Wait(DataEndpoint to, ReadOnlySpan<byte> message, SctpAssociation? sender)
    {
        if (to.PendingBytes + message.Length > MaxPendingBytesPerReceiver)
        {
            to.DropIncoming();
            _metrics.Dropped(DataDropReason.ReceiverBufferFull);
            return false;
        }

        to.Enqueue(message, sender, _worker.NowMs);
        return true;
    }

    /// <summary>Counts the drop; the first of each reason is told to the sender (only then is the text made).</summary>
    private void Drop(DataEndpoint from, DataDropReason reason, int size)
    {
        _metrics.Dropped(reason);
        if (from.CountDrop(reason))
        {
            from.Tell(reason, RefusalText(reason, size));
        }
    }

    private string RefusalText(DataDropReason reason, int size) => reason switch
    {
        DataDropReason.NotAllowed => "Not allowed to send data: the join token lacks the canPublishData grant. Data messages are dropped.",
        DataDropReason.TooLarge => string.Create(CultureInfo.InvariantCulture,
            $"A data message of {size} bytes is over this room's limit of {_options.MaxMessageBytes} bytes; it was dropped."),
        DataDropReason.RateLimited => string.Create(CultureInfo.InvariantCulture,
            $"Over this room's data rate of {_options.MessagesPerSecond} messages and {_options.BytesPerSecond} bytes per second; messages over it are dropped."),
        _ => "A data message was not a room data envelope (docs/signaling-protocol.md); it was dropped.",
    };
}
