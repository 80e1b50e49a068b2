using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>Two associations over a simulated link: setup, teardown, data both ways, fragmentation, stream reset.</summary>
public sealed class SctpAssociationTests
{
    [Fact]
    public void Four_way_handshake_establishes_both_ends()
    {
        var link = new SctpTestLink();
        link.Connect();

        Assert.Equal(SctpAssociationState.Established, link.A.Association.State);
        Assert.Equal(SctpAssociationState.Established, link.B.Association.State);
        Assert.Equal([SctpAssociationState.CookieWait, SctpAssociationState.CookieEchoed, SctpAssociationState.Established], link.A.States);
        Assert.Equal([SctpAssociationState.Established], link.B.States);
        var types = link.Log.Select(p => (p.From, (SctpChunkType)p.Packet[12])).ToArray();
        Assert.Equal([(0, SctpChunkType.Init), (1, SctpChunkType.InitAck), (0, SctpChunkType.CookieEcho), (1, SctpChunkType.CookieAck)], types);
        Assert.True(link.A.Association.PeerSupportsPartialReliability);
        Assert.Equal(1024, link.A.Association.OutboundStreams);
    }

    [Fact]
    public void Simultaneous_open_meets_in_one_association()
    {
        var link = new SctpTestLink();
        link.A.Association.Connect();
        link.B.Association.Connect();
        link.Pump();

        Assert.Equal(SctpAssociationState.Established, link.A.Association.State);
        Assert.Equal(SctpAssociationState.Established, link.B.Association.State);
        Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(1, 51, "hello"u8));
        Assert.Equal(SctpSendResult.Ok, link.B.Association.Send(2, 51, "world"u8));
        link.Run(500);
        Assert.Equal("hello"u8.ToArray(), Assert.Single(link.B.Messages).Payload);
        Assert.Equal("world"u8.ToArray(), Assert.Single(link.A.Messages).Payload);
    }

    [Fact]
    public void Lost_init_and_cookie_echo_are_retransmitted()
    {
        var link = new SctpTestLink();
        int lost = 0;
        link.ShouldDrop = (from, packet) => (SctpChunkType)packet[12] is SctpChunkType.Init or SctpChunkType.CookieEcho && lost < 2 && ++lost > 0;
        link.Connect();
        Assert.True(link.RunUntil(() => link.A.Association.State == SctpAssociationState.Established, 10_000));
        Assert.Equal(2, lost);
    }

    [Fact]
    public void Unanswered_init_gives_up()
    {
        var link = new SctpTestLink();
        link.ShouldDrop = (_, _) => true;
        link.Connect();
        Assert.True(link.RunUntil(() => link.A.Association.State == SctpAssociationState.Closed, 600_000, 100));
        Assert.Equal(SctpCloseReason.SetupTimeout, link.A.Association.CloseReason);
    }

    [Fact]
    public void Shutdown_delivers_queued_data_then_closes_both_ends()
    {
        var link = new SctpTestLink();
        link.Connect();
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(0, 53, SctpMessages.Make(i, 3000)));
        }

        link.A.Association.Shutdown();
        Assert.Equal(SctpSendResult.NotConnected, link.A.Association.Send(0, 53, "late"u8));
        link.Run(2000);

        Assert.Equal(SctpAssociationState.Closed, link.A.Association.State);
        Assert.Equal(SctpAssociationState.Closed, link.B.Association.State);
        Assert.Equal(SctpCloseReason.ShutdownComplete, link.A.Association.CloseReason);
        Assert.Equal(SctpCloseReason.ShutdownComplete, link.B.Association.CloseReason);
        Assert.Equal(Enumerable.Range(0, 20), link.B.Messages.Select(m => SctpMessages.Check(m.Payload)));
    }

    [Fact]
    public void Abort_closes_the_peer()
    {
        var link = new SctpTestLink();
        link.Connect();
        link.A.Association.Abort();
        link.Pump();

        Assert.Equal(SctpCloseReason.LocalAbort, link.A.Association.CloseReason);
        Assert.Equal(SctpAssociationState.Closed, link.B.Association.State);
        Assert.Equal(SctpCloseReason.PeerAborted, link.B.Association.CloseReason);
    }

    [Fact]
    public void A_dead_peer_ends_the_association_after_max_retransmissions()
    {
        var link = new SctpTestLink();
        link.Connect();
        link.ShouldDrop = (_, _) => true;
        link.A.Association.Send(0, 53, "anyone?"u8);
        Assert.True(link.RunUntil(() => link.A.Association.State == SctpAssociationState.Closed, 600_000, 100));
        Assert.Equal(SctpCloseReason.RetransmissionLimit, link.A.Association.CloseReason);
        Assert.True(link.A.Association.Stats.RetransmissionTimeouts > 10);
    }

    [Fact]
    public void Ordered_messages_arrive_in_order_per_stream_with_their_ppid()
    {
        var link = new SctpTestLink();
        link.Connect();
        var random = new Random(1);
        var sent = new List<(ushort Stream, int Index)>();
        for (int i = 0; i < 300; i++)
        {
            ushort stream = (ushort)random.Next(3);
            Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(stream, (uint)(50 + stream), SctpMessages.Make(i, SctpMessages.Size(random))));
            sent.Add((stream, i));
            if (i % 10 == 0)
            {
                link.Pump();
            }
        }

        link.Run(1000);
        Assert.Equal(300, link.B.Messages.Count);
        foreach (ushort stream in new ushort[] { 0, 1, 2 })
        {
            var received = link.B.Messages.Where(m => m.Stream == stream).ToList();
            Assert.All(received, m => Assert.Equal((uint)(50 + stream), m.Ppid));
            Assert.Equal(sent.Where(s => s.Stream == stream).Select(s => s.Index), received.Select(m => SctpMessages.Check(m.Payload)));
        }
    }

    [Fact]
    public void A_256_KiB_message_is_fragmented_and_reassembled()
    {
        var link = new SctpTestLink();
        link.Connect();
        byte[] big = SctpMessages.Make(7, 256 * 1024);
        Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(3, 53, big));
        Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(3, 53, big, unordered: true));
        link.Run(3000);

        Assert.Equal(2, link.B.Messages.Count);
        Assert.All(link.B.Messages, m => Assert.Equal(big, m.Payload));
        int dataChunks = link.Log.Where(p => p.From == 0).Sum(p => CountChunks(p.Packet, SctpChunkType.Data));
        Assert.True(dataChunks >= 2 * (256 * 1024 / 1150), $"only {dataChunks} DATA chunks");
        Assert.Equal(0, link.B.Association.HeldBytes);
        Assert.Equal(0, link.A.Association.BufferedAmount);
    }

    [Fact]
    public void Messages_above_the_peer_limit_or_the_send_buffer_are_refused()
    {
        var link = new SctpTestLink(new SctpOptions { MaxOutboundMessageSize = 1000, SendBufferSize = 4000 });
        link.Connect();
        Assert.Equal(SctpSendResult.MessageTooLarge, link.A.Association.Send(0, 53, new byte[1001]));
        Assert.Equal(SctpSendResult.Empty, link.A.Association.Send(0, 53, default));
        Assert.Equal(SctpSendResult.InvalidStream, link.A.Association.Send(5000, 53, new byte[10]));
        link.ShouldDrop = (_, _) => true;
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(0, 53, new byte[1000]));
        }

        Assert.Equal(SctpSendResult.BufferFull, link.A.Association.Send(0, 53, new byte[1]));
    }

    [Fact]
    public void A_peer_exceeding_our_message_size_is_aborted()
    {
        var link = new SctpTestLink(null, new SctpOptions { MaxInboundMessageSize = 10_000, ReceiveBufferSize = 100_000 });
        link.Connect();
        link.A.Association.Send(0, 53, new byte[20_000]);
        link.Run(1000);
        Assert.Equal(SctpCloseReason.ProtocolViolation, link.B.Association.CloseReason);
        Assert.Equal(SctpCloseReason.PeerAborted, link.A.Association.CloseReason);
        Assert.Empty(link.B.Messages);
    }

    [Fact]
    public void Stream_reset_both_ways_restarts_sequence_numbers()
    {
        var link = new SctpTestLink();
        link.Connect();
        link.A.Association.Send(4, 51, "before"u8);
        link.B.Association.Send(4, 51, "reply"u8);
        link.Pump();
        Assert.True(link.A.Association.ResetStreams([4]));
        Assert.Equal(SctpSendResult.InvalidStream, link.A.Association.Send(4, 51, "during"u8));
        link.Run(100);

        Assert.Equal([4], link.B.IncomingResets);
        Assert.Equal([4], link.A.OutgoingResets);

        // The data channel close procedure: the other side resets its outgoing stream too.
        Assert.True(link.B.Association.ResetStreams([4]));
        link.Run(100);
        Assert.Equal([4], link.A.IncomingResets);
        Assert.Equal([4], link.B.OutgoingResets);

        // The stream id can be used again from sequence number 0.
        Assert.Equal(SctpSendResult.Ok, link.A.Association.Send(4, 51, "after"u8));
        link.Run(500);
        Assert.Equal(["before", "after"], link.B.Messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)));
    }

    [Fact]
    public void A_reset_waits_for_data_sent_before_it()
    {
        var link = new SctpTestLink();
        link.Connect();
        var lost = new HashSet<uint>();
        link.ShouldDrop = (from, packet) => from == 0 && packet[12] == 0 && lost.Count == 0 && lost.Add(1);
        link.A.Association.Send(6, 53, SctpMessages.Make(1, 500));
        link.A.Association.ResetStreams([6]);
        link.Pump();
        Assert.Empty(link.B.IncomingResets);
        link.Run(5000);
        Assert.Equal([6], link.B.IncomingResets);
        Assert.Equal(1, SctpMessages.Check(Assert.Single(link.B.Messages).Payload));
        Assert.Equal([6], link.A.OutgoingResets);
    }

    internal static int CountChunks(byte[] packet, SctpChunkType type)
    {
        int count = 0;
        foreach (var chunk in SctpPacket.Chunks(packet))
        {
            if (chunk.Type == type)
            {
                count++;
            }
        }

        return count;
    }
}
