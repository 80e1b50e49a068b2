using Sfu.Load.Data;

namespace Sfu.Load.Tests.Data;

/// <summary>The tool's data payload and the room data envelope around it, byte by byte.</summary>
public sealed class DataPayloadTests
{
    [Fact]
    public void TheHeaderRoundTripsAndTheFillerStays()
    {
        var payload = new byte[64];
        DataPayload.Fill(payload);
        DataPayload.WriteHeader(payload, senderIndex: 7, sequence: 0x0102030405L, sentUs: 123_456_789);
        Assert.Equal(Convert.FromHexString("53464430" + "00000007" + "0000000102030405" + "00000000075BCD15"), payload[..24]);
        Assert.All(payload[24..], b => Assert.Equal(DataPayload.Filler, b));
        Assert.True(DataPayload.TryReadHeader(payload, out uint sender, out long sequence, out long sent));
        Assert.Equal((7u, 0x0102030405L, 123_456_789L), (sender, sequence, sent));
    }

    [Fact]
    public void ShortOrForeignPayloadsAreNotRead()
    {
        var payload = new byte[24];
        DataPayload.WriteHeader(payload, 1, 2, 3);
        Assert.False(DataPayload.TryReadHeader(payload.AsSpan(0, 23), out _, out _, out _));
        payload[0] ^= 1;
        Assert.False(DataPayload.TryReadHeader(payload, out _, out _, out _));
    }

    [Fact]
    public void APublishToEveryoneHasAFourByteHeader()
    {
        var message = new byte[RoomDataEnvelope.PublishHeaderLength];
        RoomDataEnvelope.WritePublishHeader(message);
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, message); // publish, binary, no topic, no destinations
    }

    [Fact]
    public void ARelayedMessageYieldsItsPayloadAfterSenderAndTopic()
    {
        // 2 message, flags 0, sender "ab", topic "t", payload 0xCAFE (docs/signaling-protocol.md, "Room data").
        byte[] message = [2, 0, 2, (byte)'a', (byte)'b', 1, (byte)'t', 0xCA, 0xFE];
        Assert.True(RoomDataEnvelope.TryReadMessage(message, out var payload, out int senderLength));
        Assert.Equal(2, senderLength);
        Assert.Equal(new byte[] { 0xCA, 0xFE }, payload.ToArray());

        Assert.False(RoomDataEnvelope.TryReadMessage(message.AsSpan(0, 6), out _, out _)); // topic cut short
        Assert.False(RoomDataEnvelope.TryReadMessage([4, 0, 0, 0, 0], out _, out _)); // the limits, not a message
    }
}
