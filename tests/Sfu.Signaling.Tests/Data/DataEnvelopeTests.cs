using System.Buffers.Binary;
using System.Text;
using Sfu.Signaling.Data;

namespace Sfu.Signaling.Tests.Data;

/// <summary>The room data envelopes: hand-written client messages parsed in place, the server's messages byte for byte, and malformed input refused.</summary>
public sealed class DataEnvelopeTests
{
    [Fact]
    public void APublishWithTopicAndTwoDestinationsParses()
    {
        // type 1, flags text, topic "chat", 2 destinations "PA_1" and "PA_22", payload "hi"
        byte[] message = [1, 1, 4, (byte)'c', (byte)'h', (byte)'a', (byte)'t', 2, 4, (byte)'P', (byte)'A', (byte)'_', (byte)'1',
                          5, (byte)'P', (byte)'A', (byte)'_', (byte)'2', (byte)'2', (byte)'h', (byte)'i'];
        Assert.True(DataPublishEnvelope.TryParse(message, out var envelope));
        Assert.True(envelope.IsText);
        Assert.Equal("chat", Encoding.UTF8.GetString(envelope.Topic));
        Assert.Equal(2, envelope.DestinationCount);
        Assert.True(envelope.IsDestination("PA_1"u8));
        Assert.True(envelope.IsDestination("PA_22"u8));
        Assert.False(envelope.IsDestination("PA_2"u8));
        Assert.False(envelope.IsDestination("PA_11"u8));
        Assert.Equal("hi", Encoding.UTF8.GetString(envelope.Payload));
    }

    [Fact]
    public void APublishWithoutTopicOrDestinationsKeepsAnEmptyOrBinaryPayload()
    {
        Assert.True(DataPublishEnvelope.TryParse([1, 0, 0, 0], out var empty));
        Assert.False(empty.IsText);
        Assert.True(empty.Topic.IsEmpty);
        Assert.Equal(0, empty.DestinationCount);
        Assert.True(empty.Payload.IsEmpty);

        Assert.True(DataPublishEnvelope.TryParse([1, 0, 0, 0, 0, 255, 1], out var binary));
        Assert.Equal(new byte[] { 0, 255, 1 }, binary.Payload.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 0, 0 })] // no destination count
    [InlineData(new byte[] { 2, 0, 0, 0 })] // a server message type
    [InlineData(new byte[] { 1, 2, 0, 0 })] // unknown flag
    [InlineData(new byte[] { 1, 0, 5, 1, 2, 3 })] // topic longer than the message
    [InlineData(new byte[] { 1, 0, 0, 1 })] // one destination, missing
    [InlineData(new byte[] { 1, 0, 0, 1, 0 })] // an empty destination
    [InlineData(new byte[] { 1, 0, 0, 1, 4, 1, 2 })] // a destination longer than the message
    public void MalformedPublishesAreRefused(byte[] message) => Assert.False(DataPublishEnvelope.TryParse(message, out _));

    [Fact]
    public void RandomAndTruncatedInputNeverThrows()
    {
        var random = new Random(11);
        byte[] valid = [1, 1, 2, (byte)'t', (byte)'p', 1, 3, (byte)'a', (byte)'b', (byte)'c', 9, 9, 9];
        for (int length = 0; length < valid.Length; length++)
        {
            bool parsed = DataPublishEnvelope.TryParse(valid.AsSpan(0, length), out var e);
            Assert.True(!parsed || e.Payload.Length + 10 <= length);
        }

        var buffer = new byte[64];
        for (int i = 0; i < 100_000; i++)
        {
            int length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (length > 0 && random.Next(2) == 0)
            {
                buffer[0] = 1;
            }

            if (DataPublishEnvelope.TryParse(buffer.AsSpan(0, length), out var e))
            {
                Assert.True(e.Topic.Length + e.Destinations.Length + e.Payload.Length + 4 <= length);
                _ = e.IsDestination("x"u8);
            }
        }
    }

    [Fact]
    public void TheServersMessageCarriesTheSenderItStamps()
    {
        var buffer = new byte[DataMessageWriter.MaxHeaderLength + 8];
        int length = DataMessageWriter.WriteMessage(buffer, DataPublishEnvelope.TextFlag, "PA_x"u8, "t"u8, "hey"u8);
        Assert.Equal(new byte[] { 2, 1, 4, (byte)'P', (byte)'A', (byte)'_', (byte)'x', 1, (byte)'t', (byte)'h', (byte)'e', (byte)'y' }, buffer.AsSpan(0, length).ToArray());

        length = DataMessageWriter.WriteMessage(buffer, 0, [], [], [7]);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 7 }, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void RefusalsAndLimitsAreWrittenAsDocumented()
    {
        Assert.Equal(new byte[] { 3, 3, (byte)'n', (byte)'o' }, DataMessageWriter.Refused(DataDropReason.TooLarge, "no"));
        var limits = DataMessageWriter.Limits(new RoomDataOptions { MaxMessageBytes = 65536, MessagesPerSecond = 500, BytesPerSecond = 4_194_304 });
        Assert.Equal(13, limits.Length);
        Assert.Equal(4, limits[0]);
        Assert.Equal(65536u, BinaryPrimitives.ReadUInt32BigEndian(limits.AsSpan(1)));
        Assert.Equal(500u, BinaryPrimitives.ReadUInt32BigEndian(limits.AsSpan(5)));
        Assert.Equal(4_194_304u, BinaryPrimitives.ReadUInt32BigEndian(limits.AsSpan(9)));
    }
}
