using Sfu.Core.Dtls;
using Xunit.Abstractions;

namespace Sfu.Core.Tests.Dtls;

/// <summary>
/// What a connected DTLS transport keeps: OpenSSL's native memory (read from the C allocator) and the managed heap,
/// per transport, over many connected pairs.
/// </summary>
[Collection(AllocationCollection.Name)]
public class DtlsMemoryTests(ITestOutputHelper output)
{
    private const int Pairs = 100;

    [Fact]
    public void AConnectedTransportKeepsAtMost56KiBNativeAnd4KiBManaged()
    {
        if (!DtlsTransport.IsOpenSslAvailable || !NativeHeap.IsAvailable)
        {
            return;
        }

        DtlsTestLink.Connect(); // warm up: contexts, certificates, JIT
        var pairs = new List<(DtlsTestPeer Client, DtlsTestPeer Server)>(Pairs);
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        long nativeBefore = NativeHeap.AllocatedBytes();
        for (int i = 0; i < Pairs; i++)
        {
            var pair = DtlsTestLink.Connect();
            pair.Client.Outgoing.Clear();
            pair.Client.Sent.Clear();
            pair.Server.Outgoing.Clear();
            pair.Server.Sent.Clear();
            Assert.Equal(DtlsState.Connected, pair.Server.Transport.State);
            pairs.Add(pair);
        }

        long native = (NativeHeap.AllocatedBytes() - nativeBefore) / (2 * Pairs);
        long managed = (GC.GetTotalMemory(forceFullCollection: true) - managedBefore) / (2 * Pairs);
        output.WriteLine($"per connected transport: {native} bytes native (OpenSSL), {managed} bytes managed");

        // OpenSSL's record buffers (about 34 KB) are freed after the handshake; what stays is its SSL object, session,
        // peer certificate and cipher state (about 44 KB here; 77 KB with the buffers). The plaintext and flight
        // buffers are rented per call (20 KB per transport when each kept its own).
        Assert.True(native <= 56 * 1024, $"{native} bytes native per transport");
        Assert.True(managed <= 4 * 1024, $"{managed} bytes managed per transport");

        // The buffers come back when a record has to be read or written again.
        var (someClient, someServer) = pairs[^1];
        Assert.True(someClient.Transport.SendApplicationData("after the release"u8));
        DtlsTestLink.Pump(someClient, someServer, 0);
        Assert.True(someServer.Transport.SendApplicationData("and back"u8));
        DtlsTestLink.Pump(someClient, someServer, 0);
        Assert.Equal("after the release"u8.ToArray(), Assert.Single(someServer.ApplicationData));
        Assert.Equal("and back"u8.ToArray(), Assert.Single(someClient.ApplicationData));
        foreach (var (client, server) in pairs)
        {
            client.Transport.Close();
            client.Dispose();
            server.Dispose();
        }
    }
}
