using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Hubs;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Outgoing;

/// <summary>
/// The messages waiting for one client connection, and the one sender that delivers them in order. Rooms enqueue
/// (<see cref="IParticipantNotifier"/>) without waiting; only this sender awaits the client. When more than
/// <see cref="OutgoingQueueLimits"/> waits (the client does not read: its socket is full), the queue stops, counts
/// <c>sfu.hub.queue_overflows</c>, logs why, and calls its overflow action, which closes the connection: the client
/// is then within its reconnect grace period like after any lost connection, and nobody else waited for it.
/// </summary>
public sealed class OutgoingQueue : IParticipantNotifier
{
    private const int Open = 0;
    private const int Overflowed = 1;
    private const int Closed = 2;

    private readonly Channel<OutgoingMessage> _channel = Channel.CreateUnbounded<OutgoingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly string _connectionId;
    private readonly IRoomClient _client;
    private readonly OutgoingQueueLimits _limits;
    private readonly Action<string> _overflow;
    private readonly SignalingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Task _sender;
    private int _messages;
    private long _bytes;
    private int _state;

    /// <param name="connectionId">The connection's id, for logs.</param>
    /// <param name="client">Where messages go (the connection's SignalR client proxy).</param>
    /// <param name="limits">How much may wait.</param>
    /// <param name="overflow">Called once, with the reason, when the limits are exceeded: close the connection.</param>
    /// <param name="metrics">Counts overflows.</param>
    /// <param name="logger">Logs overflows and failed deliveries.</param>
    public OutgoingQueue(string connectionId, IRoomClient client, OutgoingQueueLimits limits, Action<string> overflow, SignalingMetrics metrics, ILogger logger)
    {
        _connectionId = connectionId;
        _client = client;
        _limits = limits;
        _overflow = overflow;
        _metrics = metrics;
        _logger = logger;
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Messages enqueued and not yet delivered (the one being sent included).</summary>
    public int QueuedMessages => Volatile.Read(ref _messages);

    /// <summary>Estimated bytes of <see cref="QueuedMessages"/>.</summary>
    public long QueuedBytes => Interlocked.Read(ref _bytes);

    /// <summary>True once the limits were exceeded (the connection is being closed).</summary>
    public bool HasOverflowed => Volatile.Read(ref _state) == Overflowed;

    /// <summary>The sender's task: ends after <see cref="Close"/> or an overflow.</summary>
    public Task Completion => _sender;

    public void ParticipantJoined(ParticipantInfo participant) => Enqueue(OutgoingMessage.ParticipantJoined(participant));

    public void ParticipantLeft(string participantId) => Enqueue(OutgoingMessage.ParticipantLeft(participantId));

    public void ParticipantReconnecting(string participantId) => Enqueue(OutgoingMessage.ParticipantReconnecting(participantId));

    public void ParticipantResumed(string participantId) => Enqueue(OutgoingMessage.ParticipantResumed(participantId));

    public void TrackPublished(string participantId, TrackInfo track) => Enqueue(OutgoingMessage.TrackPublished(participantId, track));

    public void TrackUnpublished(string participantId, string trackId) => Enqueue(OutgoingMessage.TrackUnpublished(participantId, trackId));

    public void TrackMuted(string participantId, string trackId, bool muted) => Enqueue(OutgoingMessage.TrackMuted(participantId, trackId, muted));

    public void SubscriberOffer(SubscriberOffer offer) => Enqueue(OutgoingMessage.SubscriberOffer(offer));

    public void TrackUnavailable(string trackId, string reason) => Enqueue(OutgoingMessage.TrackUnavailable(trackId, reason));

    public void ActiveSpeakersChanged(IReadOnlyList<SpeakerInfo> speakers) => Enqueue(OutgoingMessage.ActiveSpeakersChanged(speakers));

    public void Moving(MoveInfo move) => Enqueue(OutgoingMessage.Moving(move));

    public void Disconnected(string reason) => Enqueue(OutgoingMessage.Disconnected(reason));

    /// <summary>Queues <paramref name="message"/>; never waits. Dropped once the queue stopped.</summary>
    public void Enqueue(OutgoingMessage message)
    {
        if (Volatile.Read(ref _state) != Open)
        {
            return;
        }

        int messages = Interlocked.Increment(ref _messages);
        long bytes = Interlocked.Add(ref _bytes, message.Size);
        if (messages > _limits.Messages || (bytes > _limits.Bytes && messages > 1))
        {
            if (Stop(Overflowed))
            {
                OutgoingLog.Overflow(_logger, _connectionId, messages, bytes, _limits.Messages, _limits.Bytes);
                _metrics.QueueOverflow();
                _overflow($"The server closed the connection: it did not read its messages ({messages} messages, about {bytes} bytes waiting; the limit is {_limits.Messages} messages or {_limits.Bytes} bytes).");
            }

            return;
        }

        _channel.Writer.TryWrite(message);
    }

    /// <summary>The connection is gone: drops what waits and ends the sender.</summary>
    public void Close() => Stop(Closed);

    /// <summary>Stops the queue (once): true for the call that stopped it.</summary>
    private bool Stop(int state)
    {
        if (Interlocked.CompareExchange(ref _state, state, Open) != Open)
        {
            return false;
        }

        _stop.Cancel(); // first, so the sender does not deliver what it finds once the channel completes
        _channel.Writer.TryComplete();
        return true;
    }

    private async Task SendLoopAsync()
    {
        try
        {
            // Waiting without a token lets the single-reader channel reuse its one waiter (with a cancellable token it
            // allocates one per wait, i.e. per message to an idle client); Stop completes the channel, which ends the wait.
            while (await _channel.Reader.WaitToReadAsync())
            {
                while (_channel.Reader.TryRead(out var message))
                {
                    _stop.Token.ThrowIfCancellationRequested();
                    try
                    {
                        await message.DeliverAsync(_client).WaitAsync(_stop.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        OutgoingLog.DeliveryFailed(_logger, e, message.Method, _connectionId);
                    }

                    Interlocked.Decrement(ref _messages);
                    Interlocked.Add(ref _bytes, -message.Size);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed or overflowed: what waits is dropped with the connection.
        }
    }
}
