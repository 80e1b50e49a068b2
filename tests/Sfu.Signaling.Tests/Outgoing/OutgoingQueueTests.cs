using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Signaling.Contracts;
using Sfu.Signaling.Diagnostics;
using Sfu.Signaling.Outgoing;
using Sfu.Signaling.Tests.Infrastructure;

namespace Sfu.Signaling.Tests.Outgoing;

/// <summary>One bounded queue and one sender per connection: order kept, a client that does not read is closed.</summary>
public sealed class OutgoingQueueTests
{
    private readonly SignalingMetrics _metrics = new();
    private readonly List<string> _closed = new();

    private OutgoingQueue Queue(FakeRoomClient client, int messages = 16, long bytes = 64 * 1024)
        => new("conn-1", client, new OutgoingQueueLimits(messages, bytes), reason => { lock (_closed) { _closed.Add(reason); } }, _metrics, NullLogger.Instance);

    [Fact]
    public async Task MessagesAreDeliveredInTheOrderTheyWereQueued()
    {
        var client = new FakeRoomClient();
        var queue = Queue(client, messages: 1000);
        var expected = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            queue.ParticipantLeft("PA_" + i);
            queue.TrackUnpublished("PA_" + i, "TR_" + i);
            expected.Add("ParticipantLeft:PA_" + i);
            expected.Add("TrackUnpublished:TR_" + i);
        }

        await Eventually.TrueAsync(() => client.Delivered.Count == expected.Count, "everything is delivered");
        Assert.Equal(expected, client.Delivered);
        Assert.Equal((0, 0L), (queue.QueuedMessages, queue.QueuedBytes));
        Assert.Empty(_closed);
    }

    [Fact]
    public async Task AClientThatDoesNotReadIsClosedWhenMoreThanTheLimitWaits()
    {
        long overflows = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "sfu.hub.queue_overflows")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref overflows, value));
        listener.Start();

        var client = new FakeRoomClient(stalled: true);
        var queue = Queue(client, messages: 8);
        for (int i = 0; i < 8; i++)
        {
            queue.ParticipantLeft("PA_" + i); // the first hangs in the client, seven wait: eight in all
        }

        await Eventually.TrueAsync(() => client.Started == 1, "the sender is stuck on the first message");
        Assert.False(queue.HasOverflowed);
        Assert.Empty(_closed);

        queue.ParticipantLeft("PA_8");
        Assert.True(queue.HasOverflowed);
        var reason = Assert.Single(_closed);
        Assert.Contains("did not read its messages (9 messages", reason, StringComparison.Ordinal);
        Assert.Equal(1, Interlocked.Read(ref overflows));

        // Nothing more is queued or sent, and the sender ends without waiting for the client.
        queue.ParticipantLeft("PA_9");
        await queue.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        client.Unstall();
        Assert.Single(_closed);
        Assert.Equal(1, client.Started);
    }

    [Fact]
    public async Task TheByteBoundCountsTheSdpAndLetsOneLargeMessageThroughAlone()
    {
        var client = new FakeRoomClient(stalled: true);
        var queue = Queue(client, messages: 100, bytes: 32 * 1024);
        var big = new SubscriberOffer(1, new string('a', 40 * 1024), Array.Empty<SubscribedTrack>());
        queue.SubscriberOffer(big);
        await Eventually.TrueAsync(() => client.Started == 1, "the large offer is being sent");
        Assert.False(queue.HasOverflowed);
        Assert.True(queue.QueuedBytes > 40 * 1024);

        queue.ParticipantLeft("PA_1"); // anything more, while the large one is stuck, exceeds the bytes
        Assert.True(queue.HasOverflowed);
        Assert.Contains("the limit is 100 messages or 32768 bytes", Assert.Single(_closed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosedQueueDropsWhatWaitsWithoutCallingItAnOverflow()
    {
        var client = new FakeRoomClient(stalled: true);
        var queue = Queue(client);
        queue.ParticipantLeft("PA_1");
        queue.ParticipantLeft("PA_2");
        queue.Close();
        await queue.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        queue.ParticipantLeft("PA_3");
        client.Unstall();

        Assert.False(queue.HasOverflowed);
        Assert.Empty(_closed);
        Assert.True(client.Started <= 1);
    }
}
