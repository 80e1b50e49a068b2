using System.Buffers.Binary;
using Sfu.Core.Sctp;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Tests.Sctp;

/// <summary>Wire format: CRC32c vectors, parsing captured usrsctp packets, and writing chunks byte for byte.</summary>
public sealed class SctpChunkTests
{
    [Theory]
    [InlineData(0x00, 0x8A9136AAu)]
    [InlineData(0xFF, 0x62A8AB43u)]
    public void Crc32c_matches_rfc_3720_constant_vectors(byte fill, uint expected)
    {
        var data = new byte[32];
        Array.Fill(data, fill);
        Assert.Equal(expected, SctpCrc32c.Compute(data));
    }

    [Fact]
    public void Crc32c_matches_rfc_3720_counting_vectors()
    {
        var up = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(0x46DD794Eu, SctpCrc32c.Compute(up));
        Assert.Equal(0x113FDB5Cu, SctpCrc32c.Compute(up.Reverse().ToArray()));
    }

    [Theory]
    [MemberData(nameof(SctpVectors.All), MemberType = typeof(SctpVectors))]
    public void Captured_packets_validate_and_restamp_to_the_same_bytes(string hex)
    {
        byte[] packet = SctpVectors.Bytes(hex);
        Assert.Equal(SctpParseError.None, SctpPacket.TryValidate(packet, out var header));
        Assert.Equal((ushort)5000, header.SourcePort);
        byte[] copy = (byte[])packet.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(8), 0);
        SctpCrc32c.Stamp(copy);
        Assert.Equal(packet, copy);
        packet[^1] ^= 1;
        Assert.Equal(SctpParseError.BadChecksum, SctpPacket.TryValidate(packet, out _));
    }

    [Fact]
    public void Init_fields()
    {
        byte[] packet = SctpVectors.Bytes(SctpVectors.Init);
        SctpPacket.TryValidate(packet, out var header);
        Assert.Equal(0u, header.VerificationTag);
        var chunk = Single(packet);
        Assert.Equal(SctpChunkType.Init, chunk.Type);
        Assert.Equal(SctpParseError.None, SctpInitChunk.TryParse(chunk.Value, out var init));
        Assert.Equal((0xb5036923u, 131072u, (ushort)10, (ushort)2048, 0xce5d7b33u),
            (init.InitiateTag, init.AdvertisedReceiverWindow, init.OutboundStreams, init.InboundStreams, init.InitialTsn));
        Assert.True(init.ForwardTsnSupported);
        Assert.True(init.ReconfigSupported);
        Assert.True(init.StateCookie.IsEmpty);
    }

    [Fact]
    public void Init_ack_carries_the_cookie()
    {
        byte[] packet = SctpVectors.Bytes(SctpVectors.InitAck);
        var chunk = Single(packet);
        Assert.Equal(SctpChunkType.InitAck, chunk.Type);
        Assert.Equal(SctpParseError.None, SctpInitChunk.TryParse(chunk.Value, out var initAck));
        Assert.Equal((0x55849025u, 0xc635ec3eu), (initAck.InitiateTag, initAck.InitialTsn));
        Assert.Equal(196, initAck.StateCookie.Length);
        Assert.Equal("KAME-BSD 1.1"u8.ToArray(), initAck.StateCookie[..12].ToArray());
    }

    [Fact]
    public void Data_fields()
    {
        var chunk = Single(SctpVectors.Bytes(SctpVectors.Data));
        Assert.Equal(SctpParseError.None, SctpDataChunk.TryParse(chunk.Flags, chunk.Value, out var data));
        Assert.True(data.IsBeginning && data.IsEnd && data.IsUnordered);
        Assert.Equal((0xce5d7b33u, (ushort)1, (ushort)0, 51u), (data.Tsn, data.StreamId, data.StreamSequenceNumber, data.PayloadProtocolId));
        Assert.Equal("msg0"u8.ToArray(), data.UserData.ToArray());
    }

    [Fact]
    public void Sack_with_a_gap_block()
    {
        var chunk = Single(SctpVectors.Bytes(SctpVectors.SackWithGap));
        Assert.Equal(SctpParseError.None, SctpSackChunk.TryParse(chunk.Value, out var sack));
        Assert.Equal((0xce5d7b33u, 131072u, 1, 0), (sack.CumulativeTsnAck, sack.AdvertisedReceiverWindow, sack.GapBlockCount, sack.DuplicateCount));
        Assert.Equal(((ushort)2, (ushort)3), sack.GetGapBlock(0));
    }

    [Fact]
    public void Writing_data_and_sack_reproduces_the_captured_packets()
    {
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, new SctpPacketHeader(5000, 5000, 0x55849025));
        Assert.True(builder.TryAddData(0x07, 0xce5d7b33, 1, 0, 51, "msg0"u8));
        Assert.Equal(SctpVectors.Data, Convert.ToHexString(buffer, 0, builder.Finish()).ToLowerInvariant());

        builder = new SctpPacketBuilder(buffer, new SctpPacketHeader(5000, 5000, 0xb5036923));
        Assert.True(builder.TryAddSack(0xce5d7b33, 131072, [new SctpGapBlock(2, 3)], []));
        Assert.Equal(SctpVectors.SackWithGap, Convert.ToHexString(buffer, 0, builder.Finish()).ToLowerInvariant());
    }

    [Fact]
    public void Forward_tsn_layout_and_round_trip()
    {
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, new SctpPacketHeader(5000, 5000, 1));
        Assert.True(builder.TryAddForwardTsn(100, [new SctpStreamSequence(1, 5), new SctpStreamSequence(3, 0)]));
        int length = builder.Finish();
        Assert.Equal("C0000010" + "00000064" + "00010005" + "00030000", Convert.ToHexString(buffer, 12, length - 12));
        Assert.Equal(SctpParseError.None, SctpPacket.TryValidate(buffer.AsSpan(0, length), out _));
        var chunk = Single(buffer.AsSpan(0, length).ToArray());
        Assert.Equal(SctpParseError.None, SctpForwardTsnChunk.TryParse(chunk.Value, out var forward));
        Assert.Equal((100u, 2), (forward.NewCumulativeTsn, forward.StreamCount));
        Assert.Equal(((ushort)1, (ushort)5), forward.GetStream(0));
        Assert.Equal(SctpParseError.BadLength, SctpForwardTsnChunk.TryParse(chunk.Value[..6], out _));
    }

    [Fact]
    public void Reconfig_request_and_response_layout_and_round_trip()
    {
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, new SctpPacketHeader(5000, 5000, 1));
        Assert.True(builder.TryAddOutgoingResetRequest(1, 0, 99, [1, 3]));
        Assert.True(builder.TryAddReconfigResponse(7, SctpReconfigResult.SuccessPerformed));
        int length = builder.Finish();
        Assert.Equal(
            "82000018" + "000D0014" + "00000001" + "00000000" + "00000063" + "00010003"
            + "82000010" + "0010000C" + "00000007" + "00000001",
            Convert.ToHexString(buffer, 12, length - 12));

        var chunks = SctpPacket.Chunks(buffer.AsSpan(0, length));
        Assert.True(chunks.MoveNext());
        var parameters = new SctpParameterEnumerator(chunks.Current.Value);
        Assert.True(parameters.MoveNext());
        Assert.Equal(SctpParameterType.OutgoingSsnResetRequest, parameters.Current.Type);
        Assert.Equal(SctpParseError.None, SctpOutgoingResetRequest.TryParse(parameters.Current.Value, out var request));
        Assert.Equal((1u, 0u, 99u, 2), (request.RequestSequenceNumber, request.ResponseSequenceNumber, request.SendersLastAssignedTsn, request.StreamCount));
        Assert.Equal((ushort)3, request.GetStream(1));
        Assert.True(chunks.MoveNext());
        parameters = new SctpParameterEnumerator(chunks.Current.Value);
        Assert.True(parameters.MoveNext());
        Assert.Equal(SctpParseError.None, SctpReconfigResponse.TryParse(parameters.Current.Value, out var response));
        Assert.Equal(new SctpReconfigResponse(7, SctpReconfigResult.SuccessPerformed), response);
    }

    [Fact]
    public void Our_init_parses_back()
    {
        var buffer = new byte[128];
        var builder = new SctpPacketBuilder(buffer, new SctpPacketHeader(5000, 5000, 0));
        Assert.True(builder.TryAddInit(SctpChunkType.InitAck, 0x01020304, 65536, 1024, 1024, 77, [9, 9, 9]));
        int length = builder.Finish();
        var chunk = Single(buffer.AsSpan(0, length).ToArray());
        Assert.Equal(SctpParseError.None, SctpInitChunk.TryParse(chunk.Value, out var init));
        Assert.Equal((0x01020304u, 65536u, (ushort)1024, 77u), (init.InitiateTag, init.AdvertisedReceiverWindow, init.OutboundStreams, init.InitialTsn));
        Assert.True(init.ForwardTsnSupported && init.ReconfigSupported);
        Assert.Equal(new byte[] { 9, 9, 9 }, init.StateCookie.ToArray());
    }

    [Fact]
    public void Invalid_fixed_fields_are_rejected()
    {
        var init = Single(SctpVectors.Bytes(SctpVectors.Init)).Value.ToArray();
        var zeroTag = (byte[])init.Clone();
        zeroTag.AsSpan(0, 4).Clear();
        Assert.Equal(SctpParseError.InvalidValue, SctpInitChunk.TryParse(zeroTag, out _));
        var zeroStreams = (byte[])init.Clone();
        zeroStreams.AsSpan(8, 2).Clear();
        Assert.Equal(SctpParseError.InvalidValue, SctpInitChunk.TryParse(zeroStreams, out _));
        Assert.Equal(SctpParseError.InvalidValue, SctpDataChunk.TryParse(3, new byte[12], out _));
        var sack = Single(SctpVectors.Bytes(SctpVectors.SackWithGap)).Value.ToArray();
        sack[12] = 0;
        sack[13] = 4; // gap start 4 > end 3
        Assert.Equal(SctpParseError.InvalidValue, SctpSackChunk.TryParse(sack, out _));
        Assert.Equal(SctpParseError.BadLength, SctpSackChunk.TryParse(sack.AsSpan(0, 14), out _));
    }

    private static SctpChunk Single(byte[] packet)
    {
        var chunks = SctpPacket.Chunks(packet);
        Assert.True(chunks.MoveNext());
        var chunk = chunks.Current;
        var rest = chunks;
        Assert.False(rest.MoveNext());
        return chunk;
    }
}
