using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public class RtpHeaderExtensionsTests
{
    // X=1 PT=111 seq 1 ts 2 SSRC 3; one-byte block of 3 words:
    //   id 1 L=0 "0" (mid) | id 3 L=2 01 02 03 (abs-send-time) | id 5 L=1 00 07 (transport-wide seq) | 3 padding bytes
    private const string OneBytePacket =
        "90 6f 00 01  00 00 00 02  00 00 00 03  be de 00 03  10 30 32 01  02 03 51 00  07 00 00 00  aa bb";

    // X=1; two-byte block (profile 0x1000) of 3 words:
    //   id 1 len 0 | id 15 len 2 aa bb | padding 00 | id 32 len 3 11 22 33
    private const string TwoBytePacket =
        "90 6f 00 01  00 00 00 02  00 00 00 03  10 00 00 03  01 00 0f 02  aa bb 00 20  03 11 22 33  cc";

    [Fact]
    public void FindsOneByteElements()
    {
        byte[] packet = Hex.Parse(OneBytePacket);
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.True(header.HasExtension);
        Assert.True(header.HasOneByteExtensions);
        Assert.False(header.HasTwoByteExtensions);
        Assert.Equal(0xBEDE, header.ExtensionProfile);
        Assert.Equal(16, header.ExtensionOffset);
        Assert.Equal(12, header.ExtensionLength);
        Assert.Equal(28, header.HeaderLength);
        Assert.Equal(2, header.PayloadLength);

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 1, out ReadOnlySpan<byte> mid));
        Assert.Equal("30", Hex.Format(mid));
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 3, out ReadOnlySpan<byte> absSendTime));
        Assert.Equal("010203", Hex.Format(absSendTime));
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 5, out ReadOnlySpan<byte> transportSeq));
        Assert.Equal("0007", Hex.Format(transportSeq));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out ReadOnlySpan<byte> missing));
        Assert.True(missing.IsEmpty);
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 0, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 15, out _));
        Assert.True(RtpHeaderExtensions.TryFindRange(packet, header, 5, out int offset, out int length));
        Assert.Equal(23, offset);
        Assert.Equal(2, length);
    }

    [Fact]
    public void EnumeratesOneByteElements()
    {
        byte[] packet = Hex.Parse(OneBytePacket);
        RtpHeader.TryParse(packet, out RtpHeader header);

        var found = new List<(int Id, string Value, int Offset)>();
        RtpHeaderExtensionEnumerator enumerator = RtpHeaderExtensions.Enumerate(packet, header);
        foreach (RtpHeaderExtension extension in enumerator)
        {
            found.Add((extension.Id, Hex.Format(extension.Value), extension.ValueOffset));
        }

        Assert.Equal([(1, "30", 17), (3, "010203", 19), (5, "0007", 23)], found);
    }

    [Fact]
    public void FindsTwoByteElementsIncludingEmptyAndHighIds()
    {
        byte[] packet = Hex.Parse(TwoBytePacket);
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.True(header.HasTwoByteExtensions);
        Assert.Equal(0x1000, header.ExtensionProfile);

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 1, out ReadOnlySpan<byte> empty));
        Assert.Equal(0, empty.Length);
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 15, out ReadOnlySpan<byte> fifteen));
        Assert.Equal("aabb", Hex.Format(fifteen));
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 32, out ReadOnlySpan<byte> high));
        Assert.Equal("112233", Hex.Format(high));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 256, out _));

        var ids = new List<int>();
        foreach (RtpHeaderExtension extension in RtpHeaderExtensions.Enumerate(packet, header))
        {
            ids.Add(extension.Id);
        }

        Assert.Equal([1, 15, 32], ids);
    }

    [Fact]
    public void TwoByteProfileAppBitsAreAccepted()
    {
        byte[] packet = Hex.Parse(TwoBytePacket);
        packet[13] = 0x0f; // profile 0x100F
        RtpHeader.TryParse(packet, out RtpHeader header);
        Assert.Equal(0x100F, header.ExtensionProfile);
        Assert.True(header.HasTwoByteExtensions);
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 32, out ReadOnlySpan<byte> value));
        Assert.Equal("112233", Hex.Format(value));
    }

    [Fact]
    public void OneByteIdFifteenStopsParsing()
    {
        // id 1 "0" | id 15 (stop; its length nibble is ignored) | id 2 would follow
        byte[] packet = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 02  10 30 f0 21  aa bb 00 00");
        RtpHeader.TryParse(packet, out RtpHeader header);

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out _));

        RtpHeaderExtensionEnumerator enumerator = RtpHeaderExtensions.Enumerate(packet, header);
        Assert.True(enumerator.MoveNext());
        Assert.Equal(1, enumerator.Current.Id);
        Assert.False(enumerator.MoveNext());
        Assert.False(enumerator.IsMalformed);
    }

    [Fact]
    public void MalformedElementStopsWithoutThrowing()
    {
        // id 1 "0" | id 2 with L=15 (16 bytes) but only 2 bytes remain in the block
        byte[] packet = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 30 2f 00");
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out _));

        RtpHeaderExtensionEnumerator enumerator = RtpHeaderExtensions.Enumerate(packet, header);
        Assert.True(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
        Assert.True(enumerator.IsMalformed);

        // Two-byte: id 5 announces 9 bytes, 2 remain.
        byte[] twoByte = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  10 00 00 01  05 09 aa bb");
        RtpHeader.TryParse(twoByte, out RtpHeader twoByteHeader);
        Assert.False(RtpHeaderExtensions.TryFind(twoByte, twoByteHeader, 5, out _));

        // Two-byte: an ID byte with no length byte after it.
        byte[] dangling = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  10 00 00 01  00 00 00 07");
        RtpHeader.TryParse(dangling, out RtpHeader danglingHeader);
        Assert.False(RtpHeaderExtensions.TryFind(dangling, danglingHeader, 7, out _));
    }

    [Fact]
    public void OtherProfilesHaveNoElements()
    {
        byte[] packet = Hex.Parse("90 60 00 01  00 00 00 02  00 00 00 03  12 34 00 01  10 30 00 00");
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.Equal(0x1234, header.ExtensionProfile);
        Assert.False(header.HasOneByteExtensions);
        Assert.False(header.HasTwoByteExtensions);
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.Enumerate(packet, header).MoveNext());
    }

    [Fact]
    public void NoExtensionMeansNothingFound()
    {
        byte[] packet = Hex.Parse("80 60 00 01  00 00 00 02  00 00 00 03  10 30 00 00");
        RtpHeader.TryParse(packet, out RtpHeader header);
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
    }

    [Fact]
    public void WriterProducesTheOneByteLayout()
    {
        byte[] expected = Hex.Parse(OneBytePacket);
        var buffer = new byte[expected.Length];

        int length = RtpPacketWriter.WriteHeader(buffer, 111, 1, 2, 3);
        var writer = new RtpHeaderExtensionWriter(buffer.AsSpan(length));
        writer.Add(1, "0"u8);
        writer.Add(3, [0x01, 0x02, 0x03]);
        writer.Add(5, [0x00, 0x07]);
        Assert.False(writer.IsTwoByte);
        Assert.Equal(3, writer.Count);
        Assert.Equal(16, writer.Length);
        length += writer.Finish();
        RtpPacketWriter.SetExtension(buffer, true);
        buffer[length] = 0xaa;
        buffer[length + 1] = 0xbb;

        Assert.Equal(28, length);
        Assert.Equal(Hex.Format(expected), Hex.Format(buffer));
    }

    [Fact]
    public void WriterSwitchesToTwoByteForHighIds()
    {
        var buffer = new byte[64];
        int length = RtpPacketWriter.WriteHeader(buffer, 96, 1, 2, 3);
        var writer = new RtpHeaderExtensionWriter(buffer.AsSpan(length));
        writer.Add(1, "0"u8);
        writer.Add(3, [0x01, 0x02, 0x03]);
        writer.Add(20, [0xaa, 0xbb]);
        Assert.True(writer.IsTwoByte);
        length += writer.Finish();
        RtpPacketWriter.SetExtension(buffer, true);

        // 01 01 30 | 03 03 01 02 03 | 14 02 aa bb = 12 bytes, no padding
        Assert.Equal("100000030101300303010203140" + "2aabb", Hex.Format(buffer.AsSpan(12, length - 12)));
        AssertRoundTrip(buffer.AsSpan(0, length), (1, "30"), (3, "010203"), (20, "aabb"));
    }

    [Fact]
    public void WriterSwitchesToTwoByteForLongAndEmptyValues()
    {
        byte[] longValue = Enumerable.Range(1, 17).Select(i => (byte)i).ToArray();
        var buffer = new byte[64];
        int length = RtpPacketWriter.WriteHeader(buffer, 96, 1, 2, 3);
        var writer = new RtpHeaderExtensionWriter(buffer.AsSpan(length));
        writer.Add(2, [0x42]);
        writer.Add(4, longValue);
        writer.Add(6, []);
        length += writer.Finish();
        RtpPacketWriter.SetExtension(buffer, true);

        Assert.Equal(0x1000, (buffer[12] << 8) | buffer[13]);
        AssertRoundTrip(buffer.AsSpan(0, length), (2, "42"), (4, Hex.Format(longValue)), (6, string.Empty));

        // Sixteen bytes still fits the one-byte form.
        var small = new byte[64];
        int smallLength = RtpPacketWriter.WriteHeader(small, 96, 1, 2, 3);
        var oneByte = new RtpHeaderExtensionWriter(small.AsSpan(smallLength));
        oneByte.Add(14, longValue.AsSpan(0, 16));
        Assert.False(oneByte.IsTwoByte);
        smallLength += oneByte.Finish();
        RtpPacketWriter.SetExtension(small, true);
        AssertRoundTrip(small.AsSpan(0, smallLength), (14, Hex.Format(longValue.AsSpan(0, 16))));
    }

    [Fact]
    public void WriterCanBeForcedToTwoByte()
    {
        var buffer = new byte[32];
        int length = RtpPacketWriter.WriteHeader(buffer, 96, 1, 2, 3);
        var writer = new RtpHeaderExtensionWriter(buffer.AsSpan(length), forceTwoByte: true);
        writer.Add(1, "a"u8);
        length += writer.Finish();
        RtpPacketWriter.SetExtension(buffer, true);

        Assert.Equal("10000001" + "01016100", Hex.Format(buffer.AsSpan(12, length - 12)));
    }

    [Fact]
    public void WriterReportsWhenTheDestinationIsFull()
    {
        var buffer = new byte[8];
        var writer = new RtpHeaderExtensionWriter(buffer);
        Assert.True(writer.TryAdd(1, [1, 2]));
        Assert.False(writer.TryAdd(2, [1, 2])); // 3 + 3 > 4 bytes of room
        Assert.False(writer.TryAdd(20, [1])); // switching to two-byte would need 2 + 3 + 1 bytes
        Assert.False(writer.IsTwoByte);
        Assert.Equal(1, writer.Count);
        Assert.Equal(8, writer.Finish());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpHeaderExtensionWriter(new byte[8]).Add(0, [1]));
        Assert.Throws<ArgumentException>(() => new RtpHeaderExtensionWriter(new byte[8]).Add(1, new byte[5]));
    }

    [Fact]
    public void ValuesCanBeRewrittenInPlace()
    {
        byte[] packet = Hex.Parse(OneBytePacket);
        RtpHeader.TryParse(packet, out RtpHeader header);

        Assert.True(RtpHeaderExtensions.TryFindMutable(packet, header, 5, out Span<byte> transportSeq));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(transportSeq, 0xbeef);

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 5, out ReadOnlySpan<byte> value));
        Assert.Equal("beef", Hex.Format(value));
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 3, out ReadOnlySpan<byte> untouched));
        Assert.Equal("010203", Hex.Format(untouched));
    }

    private static void AssertRoundTrip(ReadOnlySpan<byte> packet, params (int Id, string Value)[] expected)
    {
        Assert.Equal(RtpParseError.None, RtpHeader.TryParse(packet, out RtpHeader header));
        var found = new List<(int, string)>();
        foreach (RtpHeaderExtension extension in RtpHeaderExtensions.Enumerate(packet, header))
        {
            found.Add((extension.Id, Hex.Format(extension.Value)));
        }

        Assert.Equal(expected, found);
        foreach ((int id, string value) in expected)
        {
            Assert.True(RtpHeaderExtensions.TryFind(packet, header, id, out ReadOnlySpan<byte> actual));
            Assert.Equal(value, Hex.Format(actual));
        }
    }
}
