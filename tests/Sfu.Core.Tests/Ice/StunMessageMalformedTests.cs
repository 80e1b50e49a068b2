using System.Buffers.Binary;
using System.Net;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

/// <summary>Hostile input: the parser must never throw and must name the reason.</summary>
public sealed class StunMessageMalformedTests
{
    // Attribute boundaries of the RFC 5769 sample request: header, SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MI, FINGERPRINT.
    private static readonly int[] s_sampleRequestBoundaries = [20, 40, 48, 60, 76, 100, 108];

    [Fact]
    public void Every_truncation_of_the_sample_request_is_rejected()
    {
        byte[] full = Rfc5769Vectors.SampleRequest;
        for (int length = 0; length < full.Length; length++)
        {
            StunParseError error = StunMessage.TryParse(full.AsSpan(0, length), out _);
            Assert.Equal(length < 20 ? StunParseError.TooShort : StunParseError.LengthMismatch, error);
            Assert.False(StunMessage.IsStun(full.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Every_truncation_with_a_consistent_header_length_is_rejected_unless_on_a_boundary()
    {
        byte[] full = Rfc5769Vectors.SampleRequest;
        for (int length = 20; length < full.Length; length += 4)
        {
            byte[] truncated = full.AsSpan(0, length).ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(truncated.AsSpan(2), (ushort)(length - 20));
            StunParseError error = StunMessage.TryParse(truncated, out StunMessage message);
            if (Array.IndexOf(s_sampleRequestBoundaries, length) >= 0)
            {
                Assert.Equal(StunParseError.None, error);
                Assert.False(message.HasFingerprint);

                // MESSAGE-INTEGRITY covers the header length up to itself, so dropping only FINGERPRINT keeps it
                // valid; shorter cuts have no MESSAGE-INTEGRITY left.
                Assert.Equal(length == 100, message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8));
            }
            else
            {
                Assert.Equal(StunParseError.AttributeTruncated, error);
            }
        }
    }

    [Theory]
    [InlineData(0x0058 + 4, StunParseError.LengthMismatch)]
    [InlineData(0x0058 - 4, StunParseError.LengthMismatch)]
    [InlineData(0x0058 + 1, StunParseError.LengthNotMultipleOfFour)]
    [InlineData(0x0058 - 2, StunParseError.LengthNotMultipleOfFour)]
    [InlineData(0xFFFF, StunParseError.LengthNotMultipleOfFour)]
    [InlineData(0xFFFC, StunParseError.LengthMismatch)]
    [InlineData(0, StunParseError.LengthMismatch)]
    public void Corrupted_header_length_is_rejected(int headerLength, StunParseError expected)
    {
        byte[] datagram = Rfc5769Vectors.SampleRequest;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)headerLength);
        Assert.Equal(expected, StunMessage.TryParse(datagram, out _));
        Assert.False(StunMessage.IsStun(datagram));
    }

    [Theory]
    [InlineData(20, 0xFFFF, StunParseError.AttributeTruncated)] // SOFTWARE runs past the end
    [InlineData(60, 0x0100, StunParseError.AttributeTruncated)] // USERNAME runs past the end
    [InlineData(100, 0x0008, StunParseError.AttributeTruncated)] // FINGERPRINT padded value runs past the end
    [InlineData(100, 0x0005, StunParseError.AttributeTruncated)] // 5 bytes pad to 8
    [InlineData(100, 0x0000, StunParseError.BadFingerprint)] // FINGERPRINT must be 4 bytes
    [InlineData(76, 0x0010, StunParseError.BadMessageIntegrityLength)] // MESSAGE-INTEGRITY must be 20 bytes
    [InlineData(76, 0x0018, StunParseError.BadMessageIntegrityLength)]
    public void Corrupted_attribute_length_is_rejected(int attributeOffset, int attributeLength, StunParseError expected)
    {
        byte[] datagram = Rfc5769Vectors.SampleRequest;
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(attributeOffset + 2), (ushort)attributeLength);
        Assert.Equal(expected, StunMessage.TryParse(datagram, out _));
    }

    [Fact]
    public void Any_flipped_bit_in_the_header_or_an_attribute_value_is_caught()
    {
        // Flipping a TLV length can legitimately re-frame the message so that no FINGERPRINT is seen (it is
        // optional), so only the header (minus its length) and attribute values before FINGERPRINT are flipped.
        int[] skippedBytes = [2, 3, 20, 21, 22, 23, 40, 41, 42, 43, 48, 49, 50, 51, 60, 61, 62, 63, 76, 77, 78, 79];
        byte[] original = Rfc5769Vectors.SampleRequest;
        int flipped = 0;
        for (int bit = 0; bit < 100 * 8; bit++)
        {
            if (Array.IndexOf(skippedBytes, bit / 8) >= 0)
            {
                continue;
            }

            byte[] datagram = (byte[])original.Clone();
            datagram[bit / 8] ^= (byte)(1 << (bit % 8));
            StunParseError error = StunMessage.TryParse(datagram, out _);
            Assert.True(error is StunParseError.BadFingerprint or StunParseError.NotStun, $"bit {bit}: {error}");
            flipped++;
        }

        Assert.Equal((100 - 22) * 8, flipped);
    }

    [Fact]
    public void Bad_fingerprint_value_is_rejected()
    {
        byte[] datagram = Rfc5769Vectors.SampleIPv4Response;
        datagram[^1] ^= 0x01;
        Assert.Equal(StunParseError.BadFingerprint, StunMessage.TryParse(datagram, out _));

        // A changed body (here the SOFTWARE text) no longer matches the fingerprint either.
        datagram = Rfc5769Vectors.SampleIPv4Response;
        datagram[24] = (byte)'T';
        Assert.Equal(StunParseError.BadFingerprint, StunMessage.TryParse(datagram, out _));
    }

    [Fact]
    public void An_attribute_after_fingerprint_is_rejected()
    {
        byte[] original = Rfc5769Vectors.SampleRequest;
        byte[] datagram = new byte[original.Length + 8];
        original.CopyTo(datagram, 0);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)(datagram.Length - 20));
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(original.Length), (ushort)StunAttributeType.Priority);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(original.Length + 2), 4);
        Assert.Equal(StunParseError.FingerprintNotLast, StunMessage.TryParse(datagram, out _));
    }

    [Fact]
    public void Non_stun_first_bits_and_cookie_are_rejected()
    {
        byte[] rtpLike = Rfc5769Vectors.SampleRequest;
        rtpLike[0] = 0x80;
        Assert.Equal(StunParseError.NotStun, StunMessage.TryParse(rtpLike, out _));
        Assert.False(StunMessage.IsStun(rtpLike));

        // A DTLS record (content type 22, DTLS 1.2, epoch 0, sequence 0): the first byte passes the two-bit test,
        // the magic cookie does not.
        byte[] dtlsLike = Convert.FromHexString("16fefd000000000000000000200100001400000000000000" + "0000000000000000");
        Assert.Equal(StunParseError.NotStun, StunMessage.TryParse(dtlsLike, out _));
        Assert.False(StunMessage.IsStun(dtlsLike));

        byte[] badCookie = Rfc5769Vectors.SampleRequest;
        badCookie[7] ^= 0xFF;
        Assert.Equal(StunParseError.NotStun, StunMessage.TryParse(badCookie, out _));
        Assert.False(StunMessage.IsStun(badCookie));
    }

    [Fact]
    public void Attributes_after_message_integrity_are_ignored_except_fingerprint()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Rfc5769Vectors.TransactionId);
        writer.AddUsername("abcd:efgh"u8);
        writer.AddMessageIntegrity("0123456789012345678901"u8);
        writer.AddPriority(5);
        writer.AddUseCandidate();
        writer.AddFingerprint();
        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.WrittenSpan, out StunMessage message));
        Assert.True(message.TryGetUsername(out _));
        Assert.False(message.TryGetPriority(out _));
        Assert.False(message.UseCandidate);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity("0123456789012345678901"u8));
    }

    [Fact]
    public void Wrong_length_ice_attributes_are_reported_absent()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Rfc5769Vectors.TransactionId);
        writer.AddAttribute(StunAttributeType.Priority, [1, 2, 3]);
        writer.AddAttribute(StunAttributeType.IceControlling, [1, 2, 3, 4]);
        writer.AddAttribute(StunAttributeType.IceControlled, new byte[9]);
        writer.AddAttribute(StunAttributeType.ErrorCode, [0, 0, 7, 1]);
        writer.AddAttribute(StunAttributeType.XorMappedAddress, [0, 1, 0, 0, 1, 2, 3]);
        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.WrittenSpan, out StunMessage message));
        Assert.False(message.TryGetPriority(out _));
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.TryGetIceControlled(out _));
        Assert.False(message.TryGetErrorCode(out _));
        Assert.False(message.TryGetXorMappedAddress(out _));
    }

    [Fact]
    public void Ten_thousand_random_buffers_never_throw()
    {
        var random = new Random(5769);
        var agent = new IceLiteAgent(new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt"));
        SocketAddress remote = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853).Serialize();
        var response = new byte[IceLiteAgent.MaxResponseLength];
        var counts = new Dictionary<StunParseError, int>();
        byte[] sample = Rfc5769Vectors.SampleRequest;

        for (int i = 0; i < 10_000; i++)
        {
            byte[] datagram = RandomDatagram(random, sample, i);
            StunParseError error = StunMessage.TryParse(datagram, out StunMessage message);
            counts[error] = counts.GetValueOrDefault(error) + 1;
            _ = StunMessage.IsStun(datagram);
            if (error != StunParseError.None)
            {
                continue;
            }

            // Every accessor of an accepted message must be safe too.
            _ = message.Class;
            _ = message.Method;
            _ = message.TransactionId;
            _ = message.TryGetUsername(out _);
            _ = message.TryGetPriority(out _);
            _ = message.UseCandidate;
            _ = message.TryGetIceControlling(out _);
            _ = message.TryGetIceControlled(out _);
            _ = message.TryGetErrorCode(out _);
            _ = message.TryGetErrorReason(out _);
            _ = message.TryGetXorMappedAddress(out _);
            _ = message.TryGetAttribute((StunAttributeType)random.Next(0x10000), out _);
            _ = message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
            IceCheckOutcome outcome = agent.ProcessBindingRequest(message, remote, i, response, out int responseLength);
            if (responseLength > 0)
            {
                Assert.Equal(StunParseError.None, StunMessage.TryParse(response.AsSpan(0, responseLength), out _));
            }

            Assert.True(Enum.IsDefined(outcome));
        }

        // The generator must reach deep into the parser, not just fail the header checks.
        Assert.True(counts.GetValueOrDefault(StunParseError.None) > 100, $"only {counts.GetValueOrDefault(StunParseError.None)} parsed");
        Assert.True(counts.GetValueOrDefault(StunParseError.AttributeTruncated) > 100);
        Assert.True(counts.GetValueOrDefault(StunParseError.BadFingerprint) > 10);
        Assert.True(counts.GetValueOrDefault(StunParseError.NotStun) > 100);
        Assert.True(counts.GetValueOrDefault(StunParseError.TooShort) > 10);
    }

    private static byte[] RandomDatagram(Random random, byte[] sample, int iteration)
    {
        switch (iteration % 4)
        {
            case 0:
            {
                // Pure noise.
                var noise = new byte[random.Next(0, 120)];
                random.NextBytes(noise);
                return noise;
            }

            case 1:
            {
                // A valid header with a consistent length followed by random attribute bytes.
                int bodyLength = 4 * random.Next(0, 30);
                var datagram = new byte[20 + bodyLength];
                random.NextBytes(datagram);
                datagram[0] &= 0x3F;
                BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)bodyLength);
                BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(4), 0x2112A442);
                return datagram;
            }

            case 2:
            {
                // A valid header and random, mostly well-formed TLVs with small lengths and known types.
                var datagram = new byte[20 + 4 * random.Next(0, 40)];
                random.NextBytes(datagram);
                datagram[0] &= 0x3F;
                BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), (ushort)(datagram.Length - 20));
                BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(4), 0x2112A442);
                ushort[] types = [0x0006, 0x0008, 0x0009, 0x0020, 0x0024, 0x0025, 0x8028, 0x8029, 0x802A, 0x8022];
                int position = 20;
                while (position + 4 <= datagram.Length)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(position), types[random.Next(types.Length)]);
                    int length = random.Next(0, 26);
                    BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(position + 2), (ushort)length);
                    position += 4 + ((length + 3) & ~3);
                }

                return datagram;
            }

            default:
            {
                // The sample request with a few random bytes changed, sometimes with its fingerprint recomputed.
                byte[] datagram = (byte[])sample.Clone();
                int changes = random.Next(1, 4);
                for (int c = 0; c < changes; c++)
                {
                    datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
                }

                if (random.Next(2) == 0)
                {
                    uint crc = Crc32Reference.Compute(datagram.AsSpan(0, 100)) ^ 0x5354554E;
                    BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(104), crc);
                }

                return datagram;
            }
        }
    }
}
