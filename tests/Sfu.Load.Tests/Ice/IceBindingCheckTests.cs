using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Sfu.Core.Ice;
using Sfu.Load.Ice;

namespace Sfu.Load.Tests.Ice;

/// <summary>
/// The client's connectivity check, RFC 5769 style: the request is checked byte by byte against values computed here
/// independently (HMAC-SHA1 and CRC-32), the server's own ICE-lite agent accepts it, and the RFC 5769 sample response
/// is recognized as the answer to its transaction while tampered, foreign or unauthenticated ones are not.
/// </summary>
public sealed class IceBindingCheckTests
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt"; // RFC 5769
    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    private static byte[] SampleIPv4Response => Convert.FromHexString(
        "0101003c" + "2112a442" + "b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200008" + "0001a147e112a643" +
        "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004" + "c07d4c96");

    [Fact]
    public void TheRequestIsWhatRfc8445AsksOfAControllingAgentByteForByte()
    {
        var buffer = new byte[IceBindingCheck.MaxRequestLength];
        int n = IceBindingCheck.WriteRequest(buffer, TransactionId, "evtj:h6vY"u8, Encoding.UTF8.GetBytes(Password), 0x932ff9b151263b36, useCandidate: true);
        byte[] request = buffer[..n];

        string body =
            "00060009" + "6576746a3a68367659000000" + // USERNAME "evtj:h6vY", zero padding
            "00240004" + "7effffff" + // PRIORITY: host, local preference 65535, component 1
            "802a0008" + "932ff9b151263b36" + // ICE-CONTROLLING tie-breaker
            "00250000"; // USE-CANDIDATE
        byte[] expectedPrefix = Convert.FromHexString("0001" + "0048" + "2112a442" + "b7e7a701bc34d686fa87dfae" + body);
        Assert.Equal(expectedPrefix.Length + 24 + 8, n);
        Assert.Equal(expectedPrefix, request[..expectedPrefix.Length]);

        // MESSAGE-INTEGRITY over the message up to it, with the length counting up to and including it.
        byte[] signed = request[..expectedPrefix.Length].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(2), (ushort)(expectedPrefix.Length - 20 + 24));
        Assert.Equal(Convert.FromHexString("00080014"), request[expectedPrefix.Length..(expectedPrefix.Length + 4)]);
        Assert.Equal(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Password), signed), request[(expectedPrefix.Length + 4)..(expectedPrefix.Length + 24)]);

        // FINGERPRINT: CRC-32 of everything before it, XOR "STUN".
        int fp = expectedPrefix.Length + 24;
        Assert.Equal(Convert.FromHexString("80280004"), request[fp..(fp + 4)]);
        Assert.Equal(Crc32(request.AsSpan(0, fp)) ^ 0x5354554E, BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(fp + 4)));
    }

    [Fact]
    public void WithoutUseCandidateTheCheckOnlyLeavesThatAttributeOut()
    {
        var buffer = new byte[IceBindingCheck.MaxRequestLength];
        int n = IceBindingCheck.WriteRequest(buffer, TransactionId, "evtj:h6vY"u8, Encoding.UTF8.GetBytes(Password), 1, useCandidate: false);
        Assert.Equal(StunParseError.None, StunMessage.TryParse(buffer.AsSpan(0, n), out var message));
        Assert.False(message.UseCandidate);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Password)));
    }

    [Fact]
    public void TheServersIceLiteAgentAcceptsTheCheckAndItsResponseIsRecognized()
    {
        var server = new IceCredentials("serverufrag1", "serverpasswordserverpass");
        var agent = new IceLiteAgent(server);
        var request = new byte[IceBindingCheck.MaxRequestLength];
        var tx = new byte[12];
        IceBindingCheck.NewTransactionId(tx);
        int n = IceBindingCheck.WriteRequest(request, tx, "serverufrag1:clientufrag"u8, server.PasswordUtf8, 42, useCandidate: true);

        Assert.Equal(StunParseError.None, StunMessage.TryParse(request.AsSpan(0, n), out var parsed));
        var response = new byte[IceLiteAgent.MaxResponseLength];
        var remote = new IPEndPoint(IPAddress.Loopback, 50000).Serialize();
        var outcome = agent.ProcessBindingRequest(parsed, remote, 0, response, out int responseLength);
        Assert.Equal(IceCheckOutcome.AcceptedAndNominated, outcome);

        Assert.Equal(IceResponseCheck.Success, IceBindingCheck.CheckResponse(response.AsSpan(0, responseLength), tx, server.PasswordUtf8));
        Assert.Equal(IceResponseCheck.BadIntegrity, IceBindingCheck.CheckResponse(response.AsSpan(0, responseLength), tx, "another-password-another"u8));
        tx[0] ^= 1;
        Assert.Equal(IceResponseCheck.OtherTransaction, IceBindingCheck.CheckResponse(response.AsSpan(0, responseLength), tx, server.PasswordUtf8));
    }

    [Fact]
    public void TheRfc5769SampleResponseAnswersItsTransaction()
    {
        byte[] pwd = Encoding.UTF8.GetBytes(Password);
        Assert.Equal(IceResponseCheck.Success, IceBindingCheck.CheckResponse(SampleIPv4Response, TransactionId, pwd));

        byte[] otherTransaction = TransactionId.ToArray();
        otherTransaction[11] ^= 0xFF;
        Assert.Equal(IceResponseCheck.OtherTransaction, IceBindingCheck.CheckResponse(SampleIPv4Response, otherTransaction, pwd));
        Assert.Equal(IceResponseCheck.BadIntegrity, IceBindingCheck.CheckResponse(SampleIPv4Response, TransactionId, "VOkJxbRl1RmTxUk/WvJxBu"u8));

        // A changed mapped address breaks the FINGERPRINT first: not STUN any more.
        byte[] tampered = SampleIPv4Response;
        tampered[40] ^= 1;
        Assert.Equal(IceResponseCheck.NotStun, IceBindingCheck.CheckResponse(tampered, TransactionId, pwd));

        // With a fresh FINGERPRINT it is still not authentic: MESSAGE-INTEGRITY fails.
        BinaryPrimitives.WriteUInt32BigEndian(tampered.AsSpan(tampered.Length - 4), Crc32(tampered.AsSpan(0, tampered.Length - 8)) ^ 0x5354554E);
        Assert.Equal(IceResponseCheck.BadIntegrity, IceBindingCheck.CheckResponse(tampered, TransactionId, pwd));

        Assert.Equal(IceResponseCheck.NotStun, IceBindingCheck.CheckResponse([0x80, 0x60, 0, 1], TransactionId, pwd));
        Assert.Equal(IceResponseCheck.NotStun, IceBindingCheck.CheckResponse(SampleIPv4Response[..30], TransactionId, pwd));
    }

    [Fact]
    public void AnErrorResponseIsAnErrorAndASuccessWithoutMappedAddressIsIncomplete()
    {
        byte[] pwd = Encoding.UTF8.GetBytes(Password);
        var buffer = new byte[256];
        var error = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, TransactionId);
        error.AddErrorCode(487, "Role Conflict");
        error.AddMessageIntegrity(pwd);
        error.AddFingerprint();
        Assert.Equal(IceResponseCheck.Error, IceBindingCheck.CheckResponse(error.WrittenSpan, TransactionId, pwd));

        var bare = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, TransactionId);
        bare.AddMessageIntegrity(pwd);
        bare.AddFingerprint();
        Assert.Equal(IceResponseCheck.Incomplete, IceBindingCheck.CheckResponse(bare.WrittenSpan, TransactionId, pwd));
    }

    [Fact]
    public void TheAgentRetransmitsUntilAnsweredThenSendsConsentChecksAndFailsWhenConsentLapses()
    {
        var server = new IceCredentials("serverufrag1", "serverpasswordserverpass");
        var lite = new IceLiteAgent(server);
        var agent = new IceClientAgent("clientufrag", server.Ufrag, server.Password, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));
        var buffer = new byte[IceBindingCheck.MaxRequestLength];
        agent.Start(1000);

        // Unanswered: sent at once, then after 50, 100, 200 ms.
        var sentAt = new List<long>();
        for (long t = 1000; t < 1400; t++)
        {
            if (agent.Poll(t, buffer) > 0)
            {
                sentAt.Add(t - 1000);
            }
        }

        Assert.Equal([0, 50, 150, 350], sentAt);

        int n = agent.Poll(1750, buffer);
        Assert.True(n > 0);
        Assert.Equal(StunParseError.None, StunMessage.TryParse(buffer.AsSpan(0, n), out var request));
        var response = new byte[IceLiteAgent.MaxResponseLength];
        lite.ProcessBindingRequest(request, new IPEndPoint(IPAddress.Loopback, 5).Serialize(), 0, response, out int length);
        Assert.True(agent.OnDatagram(response.AsSpan(0, length), 1760));
        Assert.Equal(IceClientState.Connected, agent.State);
        Assert.Equal(760, agent.ConnectMs);
        Assert.False(agent.OnDatagram(response.AsSpan(0, length), 1761)); // a repeat answers nothing pending

        // Consent: nothing until 2 s later, then checks that go unanswered until the 6 s timeout.
        Assert.Equal(0, agent.Poll(3000, buffer));
        Assert.True(agent.Poll(3760, buffer) > 0);
        for (long t = 3761; t < 7760; t += 10)
        {
            agent.Poll(t, buffer);
        }

        Assert.Equal(IceClientState.Connected, agent.State);
        agent.Poll(7760, buffer);
        Assert.Equal(IceClientState.Failed, agent.State);
    }

    [Fact]
    public void AnUnansweredAgentFailsAtTheConnectTimeout()
    {
        var agent = new IceClientAgent("a1b2", "c3d4", "serverpasswordserverpass", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));
        var buffer = new byte[IceBindingCheck.MaxRequestLength];
        agent.Start(0);
        for (long t = 0; t < 1000; t += 5)
        {
            agent.Poll(t, buffer);
        }

        Assert.Equal(IceClientState.Checking, agent.State);
        agent.Poll(1000, buffer);
        Assert.Equal(IceClientState.Failed, agent.State);
        Assert.True(agent.RequestsSent is >= 5 and <= 6, $"{agent.RequestsSent} checks sent");
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
