using System.Net;
using System.Text;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

/// <summary>RFC 5769 vectors: parse and verify them, and reproduce them byte for byte with <see cref="StunMessageWriter"/>.</summary>
public sealed class StunMessageRfc5769Tests
{
    private static readonly byte[] s_password = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void Sample_request_parses_with_every_attribute()
    {
        byte[] datagram = Rfc5769Vectors.SampleRequest;
        Assert.Equal(108, datagram.Length);
        Assert.True(StunMessage.IsStun(datagram));
        Assert.Equal(StunParseError.None, StunMessage.TryParse(datagram, out StunMessage message));

        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(0x0001, message.MessageType);
        Assert.Equal(108, message.Length);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());

        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36UL, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.UseCandidate);
        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
        Assert.True(StunUsername.TryGetLocalFragment(username, out ReadOnlySpan<byte> local));
        Assert.Equal("evtj", Encoding.UTF8.GetString(local));
        Assert.True(StunUsername.TryGetRemoteFragment(username, out ReadOnlySpan<byte> remote));
        Assert.Equal("h6vY", Encoding.UTF8.GetString(remote));
        Assert.False(message.TryGetErrorCode(out _));
        Assert.False(message.TryGetXorMappedAddress(out _));

        Assert.True(message.HasMessageIntegrity);
        Assert.True(message.HasFingerprint);
        Assert.True(message.TryGetAttribute(StunAttributeType.MessageIntegrity, out ReadOnlySpan<byte> integrity));
        Assert.Equal(Convert.FromHexString("9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"), integrity.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Fingerprint, out ReadOnlySpan<byte> fingerprint));
        Assert.Equal(Convert.FromHexString("e57a3bcf"), fingerprint.ToArray());
    }

    [Fact]
    public void Sample_request_message_integrity_verifies_only_with_the_password()
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage message));
        Assert.True(message.VerifyMessageIntegrity(s_password));
        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8));
        Assert.False(message.VerifyMessageIntegrity(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Sample_ipv4_response_gives_192_0_2_1_port_32853()
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(Rfc5769Vectors.SampleIPv4Response, out StunMessage message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(Rfc5769Vectors.TransactionId, message.TransactionId.ToArray());
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("test vector", Encoding.UTF8.GetString(software));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(s_password));
        Assert.False(message.VerifyMessageIntegrity("wrong-password-wrong-pw"u8));
    }

    [Fact]
    public void Sample_ipv6_response_gives_2001_db8_address_port_32853()
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(Rfc5769Vectors.SampleIPv6Response, out StunMessage message));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyMessageIntegrity(s_password));
    }

    [Fact]
    public void Long_term_request_verifies_with_md5_of_username_realm_password()
    {
        byte[] datagram = Rfc5769Vectors.SampleLongTermRequest;
        Assert.Equal(116, datagram.Length);
        Assert.Equal(StunParseError.None, StunMessage.TryParse(datagram, out StunMessage message));
        Assert.Equal(StunClass.Request, message.Class);
        Assert.False(message.HasFingerprint);

        Assert.True(message.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal(Rfc5769Vectors.LongTermUsername, Encoding.UTF8.GetString(username));
        Assert.True(message.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce));
        Assert.Equal(Rfc5769Vectors.LongTermNonce, Encoding.UTF8.GetString(nonce));
        Assert.True(message.TryGetAttribute(StunAttributeType.Realm, out ReadOnlySpan<byte> realm));
        Assert.Equal(Rfc5769Vectors.LongTermRealm, Encoding.UTF8.GetString(realm));

        Assert.True(message.VerifyMessageIntegrity(Rfc5769Vectors.LongTermKey));
        Assert.False(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermPasswordAfterSaslPrep)));
    }

    [Fact]
    public void Writer_reproduces_the_sample_request()
    {
        // RFC 5769 pads with spaces where our writer pads with zeros; the test patches the padding byte in the
        // caller-owned buffer before MESSAGE-INTEGRITY, so the HMAC and CRC computed by the writer are compared too.
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Rfc5769Vectors.TransactionId);
        writer.AddSoftware("STUN test client");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY"u8);
        buffer.AsSpan(writer.Length - 3, 3).Fill((byte)' ');
        writer.AddMessageIntegrity(s_password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleRequest), Convert.ToHexString(buffer, 0, writer.Length));
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv4_response_from_a_socket_address()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, Rfc5769Vectors.TransactionId);
        writer.AddSoftware("test vector"u8);
        buffer[writer.Length - 1] = (byte)' ';
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853).Serialize());
        writer.AddMessageIntegrity(s_password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleIPv4Response), Convert.ToHexString(buffer, 0, writer.Length));
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv6_response_from_an_end_point()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, Rfc5769Vectors.TransactionId);
        writer.AddSoftware("test vector");
        buffer[writer.Length - 1] = (byte)' ';
        writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
        writer.AddMessageIntegrity(s_password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleIPv6Response), Convert.ToHexString(buffer, 0, writer.Length));
    }

    [Fact]
    public void Writer_reproduces_the_long_term_request_exactly()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(
            buffer, StunClass.Request, StunMethod.Binding, Convert.FromHexString("78ad3433c6ad72c029da412e"));
        writer.AddUsername(Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermUsername));
        writer.AddAttribute(StunAttributeType.Nonce, Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermNonce));
        writer.AddAttribute(StunAttributeType.Realm, Encoding.UTF8.GetBytes(Rfc5769Vectors.LongTermRealm));
        writer.AddMessageIntegrity(Rfc5769Vectors.LongTermKey);
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.SampleLongTermRequest), Convert.ToHexString(buffer, 0, writer.Length));
    }
}
