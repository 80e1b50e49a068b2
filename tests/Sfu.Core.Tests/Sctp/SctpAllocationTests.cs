using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>The steady path allocates nothing: sending, acknowledging and delivering messages, reliable and lossy.</summary>
public sealed class SctpAllocationTests
{
    [Theory]
    [InlineData(200, false)]
    [InlineData(1000, true)]
    [InlineData(8000, false)]
    public void Messages_through_an_association_pair_allocate_nothing(int size, bool lossy)
    {
        var pair = new SctpRingPair();
        byte[] message = new byte[size];
        var reliability = lossy ? SctpReliability.NoRetransmissions : SctpReliability.Reliable;

        pair.Exchange(message, 2000, lossy, reliability); // warm-up: pools, rings and buffers reach their size
        long before = GC.GetAllocatedBytesForCurrentThread();
        pair.Exchange(message, 2000, lossy, reliability);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4000, pair.Delivered);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_send_buffer_full_of_small_messages_holds_about_their_bytes_not_a_packet_buffer_each()
    {
        // A relay's receiver that stopped reading: every message waits in its association's send buffer. A small
        // message takes a small buffer, not one sized for a full packet (about 1.1 KB, which made 64-byte messages
        // cost 18 times their size), and what the buffers cost is bounded too: the buffer refuses more before then.
        var link = new SctpTestLink(keepLog: false);
        link.Connect();
        byte[] message = new byte[64];
        const int Count = 2000;

        long before = GC.GetAllocatedBytesForCurrentThread();
        int refused = 0;
        for (int i = 0; i < Count; i++)
        {
            refused += link.A.Association.Send(1, 53, message) == SctpSendResult.Ok ? 0 : 1;
        }

        Assert.Equal(0, refused);
        long perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / Count;
        Assert.True(perMessage < 500, $"{perMessage} bytes allocated per queued 64-byte message");

        // Small messages until the buffer refuses: refused by what their buffers cost, at about twice the send buffer.
        int queued = Count;
        while (link.A.Association.Send(1, 53, message) == SctpSendResult.Ok)
        {
            queued++;
        }

        long held = (long)queued * SctpOutboundChunk.SmallCapacity;
        Assert.InRange(held, new SctpOptions().SendBufferSize, 2L * new SctpOptions().SendBufferSize + SctpOutboundChunk.SmallCapacity);
        Assert.True(link.RunUntil(() => link.A.Association.BufferedAmount == 0, 30_000));
        Assert.Equal(queued, link.B.MessageCount);
    }
}
