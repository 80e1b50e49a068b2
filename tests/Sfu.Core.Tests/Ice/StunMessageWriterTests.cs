using System.Net;
using System.Text;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

public sealed class StunMessageWriterTests
{
    private static readonly byte[] s_transactionId = Convert.FromHexString("0102030405060708090a0b0c");

    [Theory]
    [InlineData(StunClass.Request, StunMethod.Binding, 0x0001)]
    [InlineData(StunClass.Indication, StunMethod.Binding, 0x0011)]
    [InlineData(StunClass.SuccessResponse, StunMethod.Binding, 0x0101)]
    [InlineData(StunClass.ErrorResponse, StunMethod.Binding, 0x0111)]
    [InlineData(StunClass.Request, StunMethod.Allocate, 0x0003)]
    [InlineData(StunClass.ErrorResponse, StunMethod.Allocate, 0x0113)]
    [InlineData(StunClass.Indication, StunMethod.Send, 0x0016)]
    [InlineData(StunClass.Request, (StunMethod)0xFFF, 0x3EEF)]
    public void Message_type_interleaves_class_and_method_bits(StunClass messageClass, StunMethod method, int expectedType)
    {
        var buffer = new byte[20];
        var writer = new StunMessageWriter(buffer, messageClass, method, s_transactionId);
        Assert.Equal(20, writer.Length);
        Assert.Equal(expectedType, (buffer[0] << 8) | buffer[1]);

        Assert.Equal(StunParseError.None, StunMessage.TryParse(buffer, out StunMessage message));
        Assert.Equal(messageClass, message.Class);
        Assert.Equal(method, message.Method);
        Assert.Equal(s_transactionId, message.TransactionId.ToArray());
    }

    [Fact]
    public void Round_trip_of_an_ice_check_verifies_integrity_and_fingerprint()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, s_transactionId);
        writer.AddUsername("serverUfrag:cl1"u8);
        writer.AddPriority(1853824767);
        writer.AddIceControlling(0x0123456789abcdef);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity("a-password-of-22-chars"u8);
        writer.AddFingerprint();
        Assert.Equal(20 + 20 + 8 + 12 + 4 + 24 + 8, writer.Length);
        Assert.Equal(writer.Length - 20, (buffer[2] << 8) | buffer[3]);

        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.WrittenSpan, out StunMessage message));
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("serverUfrag:cl1", Encoding.UTF8.GetString(username));
        Assert.Equal((byte)0, buffer[20 + 4 + 15]); // zero padding of the 15-byte username
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(1853824767u, priority);
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0123456789abcdefUL, tieBreaker);
        Assert.True(message.UseCandidate);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity("a-password-of-22-chars"u8));
        Assert.False(message.VerifyMessageIntegrity("a-password-of-22-charS"u8));
    }

    [Fact]
    public void Error_response_round_trip()
    {
        var buffer = new byte[200];
        var writer = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, s_transactionId);
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddSoftware("sfu");
        writer.AddFingerprint();

        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.WrittenSpan, out StunMessage message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out int code));
        Assert.Equal(487, code);
        Assert.True(message.TryGetErrorReason(out ReadOnlySpan<byte> reason));
        Assert.Equal("Role Conflict", Encoding.UTF8.GetString(reason));
        Assert.Equal(new byte[] { 0, 0, 4, 87 }, buffer.AsSpan(24, 4).ToArray());
        Assert.False(message.HasMessageIntegrity);
        Assert.False(message.VerifyMessageIntegrity("anything"u8));
    }

    [Fact]
    public void Xor_mapped_address_of_mapped_ipv6_socket_address_is_written_as_ipv4()
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, s_transactionId);
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.20"), 61000).Serialize());
        Assert.Equal(32, writer.Length);
        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.WrittenSpan, out StunMessage message));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.20"), 61000), endPoint);
    }

    [Fact]
    public void Xor_mapped_address_ipv6_uses_the_transaction_id_in_the_mask()
    {
        var other = Convert.FromHexString("ffffffffffffffffffffffff");
        var address = new IPEndPoint(IPAddress.Parse("2001:db8::42"), 1);
        byte[] a = WriteMapped(s_transactionId, address);
        byte[] b = WriteMapped(other, address);
        Assert.Equal(a.AsSpan(24, 8).ToArray(), b.AsSpan(24, 8).ToArray()); // port + cookie-masked first 4 bytes
        Assert.NotEqual(a.AsSpan(32, 12).ToArray(), b.AsSpan(32, 12).ToArray());

        static byte[] WriteMapped(byte[] transactionId, IPEndPoint endPoint)
        {
            var buffer = new byte[64];
            var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, transactionId);
            writer.AddXorMappedAddress(endPoint);
            Assert.Equal(StunParseError.None, StunMessage.TryParse(buffer.AsSpan(0, writer.Length), out StunMessage message));
            Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? decoded));
            Assert.Equal(endPoint, decoded);
            return buffer;
        }
    }

    [Fact]
    public void Integrity_of_a_message_larger_than_the_stack_copy_limit_verifies()
    {
        var buffer = new byte[4096];
        var writer = new StunMessageWriter(buffer, StunClass.Indication, StunMethod.Send, s_transactionId);
        var payload = new byte[3001];
        new Random(1).NextBytes(payload);
        writer.AddAttribute(StunAttributeType.Data, payload);
        writer.AddMessageIntegrity("long-message-key"u8);
        writer.AddFingerprint();
        Assert.Equal(20 + 4 + 3004 + 24 + 8, writer.Length);

        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.WrittenSpan, out StunMessage message));
        Assert.True(message.TryGetAttribute(StunAttributeType.Data, out ReadOnlySpan<byte> data));
        Assert.Equal(payload, data.ToArray());
        Assert.True(message.VerifyMessageIntegrity("long-message-key"u8));
        Assert.False(message.VerifyMessageIntegrity("long-message-kez"u8));
    }

    [Fact]
    public void Programming_errors_throw()
    {
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[64], StunClass.Request, StunMethod.Binding, new byte[11]));
        Assert.Throws<ArgumentException>(() => new StunMessageWriter(new byte[19], StunClass.Request, StunMethod.Binding, s_transactionId));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StunMessageWriter(new byte[64], StunClass.Request, (StunMethod)0x1000, s_transactionId));
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[40], StunClass.Request, StunMethod.Binding, s_transactionId);
            writer.AddMessageIntegrity("key"u8); // 20 + 24 > 40
        });
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var writer = new StunMessageWriter(new byte[64], StunClass.ErrorResponse, StunMethod.Binding, s_transactionId);
            writer.AddErrorCode(299, "x");
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new StunMessageWriter(new byte[64], StunClass.Request, StunMethod.Binding, s_transactionId);
            writer.AddFingerprint();
            writer.AddPriority(1);
        });
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new StunMessageWriter(new byte[2048], StunClass.Request, StunMethod.Binding, s_transactionId);
            writer.AddSoftware(new string('x', 764));
        });
    }

    [Fact]
    public void A_full_buffer_is_usable_to_the_last_byte()
    {
        var buffer = new byte[20 + 8 + 4];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, s_transactionId);
        writer.AddPriority(7);
        writer.AddUseCandidate();
        Assert.Equal(32, writer.Length);
        Assert.Throws<ArgumentException>(() =>
        {
            var full = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, s_transactionId);
            full.AddPriority(7);
            full.AddUseCandidate();
            full.AddUseCandidate();
        });
        Assert.Equal(StunParseError.None, StunMessage.TryParse(buffer, out StunMessage message));
        Assert.True(message.UseCandidate);
    }
}
