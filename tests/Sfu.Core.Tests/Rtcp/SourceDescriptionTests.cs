using System.Text;
using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class SourceDescriptionTests
{
    [Fact]
    public void WritesTheSameCnamePacket()
    {
        byte[] expected = Hex.Parse(RtcpTestPackets.SourceDescription);
        var buffer = new byte[SourceDescription.GetCnameLength(16)];

        Assert.Equal(28, SourceDescription.WriteCname(buffer, 0x12345678, "AbCdEfGhIjKlMnOp"u8));
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));

        Array.Clear(buffer);
        Assert.Equal(28, SourceDescription.WriteCname(buffer, 0x12345678, "AbCdEfGhIjKlMnOp"));
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(1, 12)]
    [InlineData(2, 16)] // 4+4+2+2 = 12 leaves no room for the null octet
    [InlineData(5, 16)]
    [InlineData(6, 20)]
    [InlineData(255, 268)]
    public void CnameLengthAlwaysLeavesANullOctet(int cnameLength, int packetLength)
    {
        Assert.Equal(packetLength, SourceDescription.GetCnameLength(cnameLength));
        var buffer = new byte[packetLength];
        byte[] cname = Enumerable.Repeat((byte)'x', cnameLength).ToArray();
        SourceDescription.WriteCname(buffer, 9, cname);
        Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(buffer, out SourceDescription sdes));
        Assert.True(sdes.TryFindItem(SdesItemType.Cname, out uint ssrc, out ReadOnlySpan<byte> value));
        Assert.Equal(9u, ssrc);
        Assert.Equal(cnameLength, value.Length);
    }

    [Fact]
    public void EnumeratesItemsOfSeveralChunks()
    {
        byte[] packet = Hex.Parse(
            "82 ca 00 06" +
            "00 00 00 01  01 02 61 62  02 03 42 6f  62 00 00 00" + // chunk 1: CNAME "ab", NAME "Bob", null x3
            "00 00 00 02  01 01 7a 00"); // chunk 2: CNAME "z", null
        Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(packet, out SourceDescription sdes));
        Assert.Equal(2, sdes.ChunkCount);

        var items = new List<(uint, SdesItemType, string)>();
        foreach (SourceDescriptionItem item in sdes)
        {
            items.Add((item.Ssrc, item.Type, Encoding.UTF8.GetString(item.Value)));
        }

        Assert.Equal(
            [(1u, SdesItemType.Cname, "ab"), (1u, SdesItemType.Name, "Bob"), (2u, SdesItemType.Cname, "z")],
            items);
        Assert.True(sdes.TryFindItem(SdesItemType.Name, out uint nameSsrc, out _));
        Assert.Equal(1u, nameSsrc);
        Assert.False(sdes.TryFindItem(SdesItemType.Email, out _, out _));
    }

    [Fact]
    public void EmptyChunkAndZeroChunksAreValid()
    {
        byte[] empty = Hex.Parse("80 ca 00 00");
        Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(empty, out SourceDescription none));
        Assert.Equal(0, none.ChunkCount);
        Assert.False(none.GetEnumerator().MoveNext());

        byte[] emptyChunk = Hex.Parse("81 ca 00 02  00 00 00 05  00 00 00 00");
        Assert.Equal(RtcpParseError.None, SourceDescription.TryParse(emptyChunk, out SourceDescription sdes));
        Assert.False(sdes.GetEnumerator().MoveNext());
    }

    [Theory]
    [InlineData("82 ca 00 02  00 00 00 01  00 00 00 00", RtcpParseError.CountOverrun)] // SC=2, one chunk
    [InlineData("81 ca 00 02  00 00 00 01  01 02 61 62", RtcpParseError.MissingTerminator)] // no null item
    [InlineData("81 ca 00 02  00 00 00 01  01 09 61 62", RtcpParseError.ItemOverrun)] // text past the end
    [InlineData("81 ca 00 02  00 00 00 01  00 00 00 01", RtcpParseError.None)]
    [InlineData("81 ca 00 01  00 00 00 01", RtcpParseError.MissingTerminator)]
    [InlineData("81 ca 00 02  00 00 00 01  01 02 61 62  00", RtcpParseError.MissingTerminator)] // the null lies past the length
    [InlineData("81 cb 00 02  00 00 00 01  00 00 00 00", RtcpParseError.WrongPacketType)]
    public void MalformedChunksAreRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, SourceDescription.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void GoodbyeRoundTrips()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.Goodbye);
        Assert.Equal(RtcpParseError.None, Goodbye.TryParse(packet, out Goodbye bye));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(1u, bye.GetSource(0));
        Assert.Equal(2u, bye.GetSource(1));
        Assert.True(bye.HasReason);
        Assert.Equal("bye", Encoding.UTF8.GetString(bye.Reason));

        var buffer = new byte[Goodbye.GetLength(2, 3)];
        Assert.Equal(16, Goodbye.Write(buffer, [1, 2], "bye"u8));
        Assert.Equal(Hex.Format(packet), Hex.Format(buffer));
    }

    [Fact]
    public void GoodbyeWithoutReason()
    {
        var buffer = new byte[8];
        Assert.Equal(8, Goodbye.Write(buffer, [0xabcdef01]));
        Assert.Equal("81cb0001abcdef01", Hex.Format(buffer));
        Assert.Equal(RtcpParseError.None, Goodbye.TryParse(buffer, out Goodbye bye));
        Assert.False(bye.HasReason);
        Assert.True(bye.Reason.IsEmpty);
        Assert.Equal(0xabcdef01u, bye.GetSource(0));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            Goodbye.TryParse(buffer, out Goodbye again);
            again.GetSource(1);
        });
    }

    [Theory]
    [InlineData("82 cb 00 01  00 00 00 01", RtcpParseError.CountOverrun)]
    [InlineData("81 cb 00 02  00 00 00 01  07 61 62 63", RtcpParseError.ItemOverrun)]
    public void MalformedGoodbyeIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, Goodbye.TryParse(Hex.Parse(hex), out _));
    }
}
