using System.Text;
using Sfu.Core.DataChannels;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>DCEP (RFC 8832) and data channels (RFC 8831) between two transports over a simulated link.</summary>
public sealed class DataChannelTransportTests
{
    [Fact]
    public void Open_and_ack_open_the_channel_on_both_sides_with_its_parameters()
    {
        var link = new DataChannelTestLink();
        link.Start();
        Assert.Equal(SctpAssociationState.Established, link.A.Transport.State);
        Assert.Equal(SctpAssociationState.Established, link.B.Transport.State);

        var chat = link.A.Transport.OpenChannel("chat", "json", DataChannelType.PartialReliableRexmitUnordered, 3, 512)!;
        Assert.Equal(DataChannelState.Connecting, chat.State);
        Assert.Equal(0, chat.Id % 2); // DTLS client: even ids
        link.Pump();

        Assert.Equal(DataChannelState.Open, chat.State);
        Assert.Same(chat, Assert.Single(link.A.Opened));
        var remote = Assert.Single(link.B.Opened);
        Assert.Equal(("chat", "json", DataChannelType.PartialReliableRexmitUnordered, 3u, (ushort)512, chat.Id),
            (remote.Label, remote.Protocol, remote.Type, remote.ReliabilityParameter, remote.Priority, remote.Id));
        Assert.False(remote.OpenedLocally);
        Assert.False(remote.IsOrdered);

        var fromServer = link.B.Transport.OpenChannel("server")!;
        Assert.Equal(1, fromServer.Id % 2); // DTLS server: odd ids
    }

    [Fact]
    public void Text_binary_and_empty_messages_keep_their_kind()
    {
        var link = new DataChannelTestLink();
        link.Start();
        var channel = link.A.Transport.OpenChannel("c")!;
        Assert.Equal(SctpSendResult.Ok, channel.SendText("héllo"));
        Assert.Equal(SctpSendResult.Ok, channel.Send([1, 2, 3]));
        Assert.Equal(SctpSendResult.Ok, channel.Send(default, isBinary: false));
        Assert.Equal(SctpSendResult.Ok, channel.Send(default, isBinary: true));
        link.Run(100);

        Assert.Equal(4, link.B.Messages.Count);
        Assert.Equal(("c", "héllo", false), (link.B.Messages[0].Label, Encoding.UTF8.GetString(link.B.Messages[0].Payload), link.B.Messages[0].Binary));
        Assert.Equal(new byte[] { 1, 2, 3 }, link.B.Messages[1].Payload);
        Assert.True(link.B.Messages[1].Binary);
        Assert.Equal((0, false), (link.B.Messages[2].Payload.Length, link.B.Messages[2].Binary));
        Assert.Equal((0, true), (link.B.Messages[3].Payload.Length, link.B.Messages[3].Binary));
    }

    [Fact]
    public void Messages_sent_before_the_ack_arrive_after_the_open()
    {
        var link = new DataChannelTestLink();
        link.Start();
        var channel = link.A.Transport.OpenChannel("early", type: DataChannelType.ReliableUnordered)!;
        for (int i = 0; i < 10; i++)
        {
            channel.Send(SctpMessages.Make(i, 100));
        }

        link.Run(100);
        Assert.Single(link.B.Opened);
        Assert.Equal(Enumerable.Range(0, 10), link.B.Messages.Select(m => SctpMessages.Check(m.Payload)));
    }

    [Fact]
    public void Closing_resets_both_directions_and_closes_on_both_sides()
    {
        var link = new DataChannelTestLink();
        link.Start();
        var channel = link.A.Transport.OpenChannel("bye")!;
        link.Pump();
        var remote = Assert.Single(link.B.Opened);
        channel.SendText("last words");
        channel.Close();
        Assert.Equal(SctpSendResult.InvalidStream, channel.SendText("too late"));
        link.Run(200);

        Assert.Equal(DataChannelState.Closed, channel.State);
        Assert.Equal(DataChannelState.Closed, remote.State);
        Assert.Same(channel, Assert.Single(link.A.Closed));
        Assert.Same(remote, Assert.Single(link.B.Closed));
        Assert.Equal("last words", Encoding.UTF8.GetString(Assert.Single(link.B.Messages).Payload));
        Assert.Empty(link.A.Transport.Channels);

        // The stream id is free again and starts from sequence number 0.
        var again = link.A.Transport.OpenChannel("again")!;
        link.Pump();
        again.SendText("hi");
        link.Run(100);
        Assert.Equal("hi", Encoding.UTF8.GetString(link.B.Messages[^1].Payload));
    }

    [Fact]
    public void Association_end_closes_every_channel()
    {
        var link = new DataChannelTestLink();
        link.Start();
        link.A.Transport.OpenChannel("one");
        link.A.Transport.OpenChannel("two");
        link.Pump();
        link.A.Transport.Abort();
        link.Pump();
        Assert.Equal(2, link.A.Closed.Count);
        Assert.Equal(2, link.B.Closed.Count);
        Assert.Equal(SctpAssociationState.Closed, link.B.States[^1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x03 })]
    [InlineData(new byte[] { 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0x61 })]
    [InlineData(new byte[] { 0x03, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x09 })]
    [InlineData(new byte[] { 0x02 })]
    public void Malformed_dcep_is_dropped_and_counted(byte[] message)
    {
        var link = new DataChannelTestLink();
        link.Start();
        link.A.Transport.Association.Send(10, DataChannelPpid.Dcep, message);
        link.A.Transport.Association.Send(12, DataChannelPpid.Binary, [1]); // no channel on 12
        link.Run(100);
        Assert.Empty(link.B.Opened);
        Assert.Empty(link.B.Messages);
        Assert.Equal(2, link.B.Transport.DroppedMessages);
    }

    [Fact]
    public void Open_message_layout_matches_rfc_8832()
    {
        Span<byte> buffer = stackalloc byte[64];
        int length = DcepOpenMessage.Write(buffer, DataChannelType.PartialReliableTimed, 256, 1500, "ab"u8, "x"u8);
        Assert.Equal("03020100000005DC000200016162" + "78", Convert.ToHexString(buffer[..length]));
        Assert.True(DcepOpenMessage.TryParse(buffer[..length], out var open));
        Assert.Equal((DataChannelType.PartialReliableTimed, (ushort)256, 1500u), (open.ChannelType, open.Priority, open.ReliabilityParameter));
        Assert.Equal("ab", Encoding.UTF8.GetString(open.Label));
        Assert.Equal("x", Encoding.UTF8.GetString(open.Protocol));
        for (int cut = 0; cut < length; cut++)
        {
            Assert.False(DcepOpenMessage.TryParse(buffer[..cut], out _));
        }
    }
}
