using System.Net;
using Sfu.Core.Ice;
using Sfu.Core.Net;

namespace Sfu.Core.Tests.Ice;

/// <summary>The packet path (parse, verify, answer, demultiplex by address) must not allocate.</summary>
[Collection(AllocationCollection.Name)]
public sealed class StunAllocationTests
{
    [Fact]
    public void Parse_verify_and_respond_allocate_nothing()
    {
        var agent = new IceLiteAgent(new IceCredentials("server", "VOkJxbRl1RmTxUk/WvJxBt"));
        byte[] check = new IceCheckBuilder().Build();
        byte[] nomination = new IceCheckBuilder { UseCandidate = true }.Build();
        byte[] wrongPassword = new IceCheckBuilder { Password = "wrong-wrong-wrong-wrong" }.Build();
        byte[] sample = Rfc5769Vectors.SampleRequest;
        SocketAddress remote = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 50000).Serialize();
        SocketAddress mobile = new IPEndPoint(IPAddress.Parse("2001:db8::5"), 50001).Serialize();
        var response = new byte[IceLiteAgent.MaxResponseLength];

        long checksum = 0;
        for (int i = 0; i < 200; i++)
        {
            checksum += RunOnce(agent, check, nomination, wrongPassword, sample, remote, mobile, response, i);
        }

        using var noGc = AllocationMeter.NoGcRegion();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            checksum += RunOnce(agent, check, nomination, wrongPassword, sample, remote, mobile, response, i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
        Assert.Equal(IceState.Completed, agent.State);

        // Control: the first check from a new address does allocate (its copy), and the counter sees it.
        SocketAddress newcomer = new IPEndPoint(IPAddress.Parse("198.51.100.77"), 1234).Serialize();
        Assert.Equal(StunParseError.None, StunMessage.TryParse(check, out StunMessage request));
        before = GC.GetAllocatedBytesForCurrentThread();
        agent.ProcessBindingRequest(request, newcomer, 5000, response, out _);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before > 0);
        Assert.True(agent.IsValidatedRemote(newcomer));
    }

    private static long RunOnce(
        IceLiteAgent agent, byte[] check, byte[] nomination, byte[] wrongPassword, byte[] sample,
        SocketAddress remote, SocketAddress mobile, byte[] response, int i)
    {
        long sum = 0;
        if (StunMessage.TryParse(check, out StunMessage request) == StunParseError.None
            && request.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8))
        {
            sum += (int)agent.ProcessBindingRequest(request, remote, i, response, out int length) + length;
            if (StunMessage.TryParse(response.AsSpan(0, length), out StunMessage answer) == StunParseError.None)
            {
                sum += answer.TryGetErrorCode(out int code) ? code : 1;
            }
        }

        // Alternate the nominated address: mobility switches between two already validated copies.
        if (StunMessage.TryParse(nomination, out request) == StunParseError.None)
        {
            sum += (int)agent.ProcessBindingRequest(request, (i & 1) == 0 ? remote : mobile, i, response, out int length) + length;
        }

        if (StunMessage.TryParse(wrongPassword, out request) == StunParseError.None)
        {
            sum += (int)agent.ProcessBindingRequest(request, remote, i, response, out int length) + length;
        }

        if (StunMessage.TryParse(sample, out request) == StunParseError.None && request.TryGetPriority(out uint priority))
        {
            sum += priority & 1;
            sum += request.TryGetIceControlled(out ulong tieBreaker) ? (long)(tieBreaker & 1) : 0;
        }

        sum += agent.IsValidatedRemote(remote) ? 1 : 0;
        sum += remote.GetPort() + remote.GetContentHashCode() % 2;
        sum += SocketAddressExtensions.ContentEquals(remote, mobile) ? 1 : 0;
        sum += (int)agent.Tick(i);
        return sum;
    }
}
