using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Ice;

namespace Sfu.Benchmarks;

/// <summary>
/// The ICE-lite hot path: a browser's connectivity check (USERNAME, ICE-CONTROLLING, PRIORITY, USE-CANDIDATE,
/// MESSAGE-INTEGRITY, FINGERPRINT) parsed and verified, and the whole answer round.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt0123456789";

    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];
    private byte[] _request = [];
    private byte[] _password = [];
    private SocketAddress _remote = null!;
    private IceLiteAgent _agent = null!;

    [GlobalSetup]
    public void Setup()
    {
        var credentials = new IceCredentials("serverUfrag12345", Password);
        _password = Encoding.UTF8.GetBytes(Password);
        _agent = new IceLiteAgent(credentials);
        _remote = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000).Serialize();

        var buffer = new byte[256];
        var writer = new StunMessageWriter(
            buffer, StunClass.Request, StunMethod.Binding, Convert.FromHexString("b7e7a701bc34d686fa87dfae"));
        writer.AddUsername("serverUfrag12345:abcd"u8);
        writer.AddIceControlling(0x1122334455667788);
        writer.AddPriority(1853824767);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(_password);
        writer.AddFingerprint();
        _request = buffer.AsSpan(0, writer.Length).ToArray();

        // Validate and nominate the address once so the measured rounds take the steady-state path.
        ProcessBindingRequest();
    }

    [Benchmark]
    public bool ParseAndVerify() =>
        StunMessage.TryParse(_request, out StunMessage message) == StunParseError.None
        && message.VerifyMessageIntegrity(_password);

    [Benchmark]
    public int ProcessBindingRequest()
    {
        if (StunMessage.TryParse(_request, out StunMessage message) != StunParseError.None)
        {
            return -1;
        }

        _agent.ProcessBindingRequest(message, _remote, 1000, _response, out int length);
        return length;
    }
}
