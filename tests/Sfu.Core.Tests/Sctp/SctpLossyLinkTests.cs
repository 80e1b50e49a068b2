using System.Buffers.Binary;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// Retransmission and partial reliability on a link that loses packets: reliable messages arrive complete and in
/// order; lossy ones (no retransmissions) may be lost but are never corrupted and never sent twice.
/// </summary>
public sealed class SctpLossyLinkTests
{
    [Theory]
    [InlineData(0.02, 1)]
    [InlineData(0.10, 2)]
    [InlineData(0.25, 3)]
    public void Reliable_ordered_messages_arrive_complete_and_in_order(double loss, int seed)
    {
        var link = new SctpTestLink();
        link.Connect();
        var random = new Random(seed);
        link.ShouldDrop = (_, _) => random.NextDouble() < loss;
        const int Count = 400;
        int sent = 0;
        Assert.True(link.RunUntil(() =>
        {
            while (sent < Count && link.A.Association.Send((ushort)(sent % 2), 53, SctpMessages.Make(sent, SctpMessages.Size(random))) == SctpSendResult.Ok)
            {
                sent++;
            }

            return link.B.Messages.Count == Count;
        }, 600_000));

        foreach (ushort stream in new ushort[] { 0, 1 })
        {
            var indices = link.B.Messages.Where(m => m.Stream == stream).Select(m => SctpMessages.Check(m.Payload)).ToList();
            Assert.Equal(Enumerable.Range(0, Count).Where(i => i % 2 == stream), indices);
        }

        Assert.True(link.Dropped > 0);
        Assert.True(link.A.Association.Stats.Retransmissions > 0);
        Assert.True(link.RunUntil(() => link.A.Association.BufferedAmount == 0, 60_000));
    }

    [Fact]
    public void Lossy_messages_are_never_retransmitted_nor_corrupted_and_the_receiver_moves_on()
    {
        var link = new SctpTestLink();
        link.Connect();
        var random = new Random(4);
        link.ShouldDrop = (from, _) => from == 0 && random.NextDouble() < 0.1;
        for (int i = 0; i < 500; i++)
        {
            Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(2, 53, SctpMessages.Make(i, random.Next(8, 3000)), unordered: true, SctpReliability.NoRetransmissions));
            if (i % 5 == 0)
            {
                link.Run(10);
            }
        }

        // The last FORWARD TSN may itself be lost: T3 (backed off up to the 10 s maximum RTO) sends it again.
        link.Run(30_000);

        var delivered = link.B.Messages.Select(m => SctpMessages.Check(m.Payload)).ToList();
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.InRange(delivered.Count, 300, 499);
        Assert.Equal(0, link.A.Association.Stats.Retransmissions);
        Assert.True(link.A.Association.Stats.AbandonedMessages > 0);
        Assert.True(link.A.Association.Stats.ForwardTsnSent > 0);

        // Every TSN went on the wire once.
        var tsns = new List<uint>();
        foreach (var (from, packet) in link.Log.Where(p => p.From == 0))
        {
            foreach (var chunk in SctpPacket.Chunks(packet))
            {
                if (chunk.Type == SctpChunkType.Data)
                {
                    tsns.Add(BinaryPrimitives.ReadUInt32BigEndian(chunk.Value));
                }
            }
        }

        Assert.Equal(tsns.Count, tsns.Distinct().Count());

        // FORWARD TSN let the receiver drop every fragment of the lost messages, and both sides are idle.
        Assert.Equal(0, link.B.Association.HeldBytes);
        Assert.Equal(0, link.A.Association.BufferedAmount);
        link.ShouldDrop = null;
        link.A.Association.Send(2, 53, SctpMessages.Make(1000, 100));
        link.Run(500);
        Assert.Equal(1000, SctpMessages.Check(link.B.Messages[^1].Payload));
    }

    [Fact]
    public void Ordered_lossy_messages_skip_lost_ones_without_blocking_the_stream()
    {
        var link = new SctpTestLink();
        link.Connect();
        var random = new Random(5);
        link.ShouldDrop = (from, packet) => from == 0 && packet[12] == 0 && random.NextDouble() < 0.15;
        for (int i = 0; i < 300; i++)
        {
            link.A.Association.Send(8, 53, SctpMessages.Make(i, random.Next(8, 2500)), unordered: false, SctpReliability.NoRetransmissions);
            if (i % 3 == 0)
            {
                link.Run(10);
            }
        }

        link.Run(10_000);
        var delivered = link.B.Messages.Select(m => SctpMessages.Check(m.Payload)).ToList();
        Assert.True(delivered.Count is > 150 and < 300, $"{delivered.Count} delivered");
        for (int i = 1; i < delivered.Count; i++)
        {
            Assert.True(delivered[i] > delivered[i - 1], "ordered delivery went backwards");
        }

        Assert.Equal(0, link.A.Association.Stats.Retransmissions);
        Assert.Equal(0, link.B.Association.HeldBytes);
    }

    [Fact]
    public void Max_retransmits_bounds_the_attempts_per_chunk()
    {
        var link = new SctpTestLink();
        link.Connect();
        link.ShouldDrop = (from, packet) => from == 0 && packet[12] == 0;
        link.A.Association.Send(1, 53, SctpMessages.Make(1, 500), unordered: true, SctpReliability.MaxRetransmits(2));
        link.Run(30_000);
        int transmissions = link.Log.Count(p => p.From == 0 && p.Packet[12] == 0);
        Assert.Equal(3, transmissions);
        Assert.Equal(1, link.A.Association.Stats.AbandonedMessages);
        Assert.Equal(SctpAssociationState.Established, link.A.Association.State);
    }

    [Fact]
    public void Fast_retransmit_repairs_a_single_loss_before_the_timer()
    {
        var link = new SctpTestLink();
        link.Connect();
        bool dropped = false;
        link.ShouldDrop = (from, packet) => from == 0 && packet[12] == 0 && !dropped && (dropped = true);
        for (int i = 0; i < 20; i++)
        {
            link.A.Association.Send(0, 53, SctpMessages.Make(i, 1000));
        }

        link.Run(200); // well below the 1 s initial RTO
        Assert.Equal(20, link.B.Messages.Count);
        Assert.Equal(1, link.A.Association.Stats.FastRetransmissions);
        Assert.Equal(0, link.A.Association.Stats.RetransmissionTimeouts);
    }
}
