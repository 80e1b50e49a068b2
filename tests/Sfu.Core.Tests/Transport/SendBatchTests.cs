using System.Net;
using Sfu.Core.Transport;

namespace Sfu.Core.Tests.Transport;

[Collection(AllocationCollection.Name)]
public sealed unsafe class SendBatchTests
{
    [Fact]
    public void AddingCopiesTheDatagramAndAddressAndDescribesThemToTheKernel()
    {
        var batch = new SendBatch(capacity: 4);
        var datagram = UdpReceivers.Datagram(7, 1230);
        var remote = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5004).Serialize();

        Assert.True(batch.TryAdd(datagram, remote, PacketKind.Rtp));
        datagram[0] ^= 0xFF; // the caller reuses its buffer at once
        remote.Buffer.Span[4] = 99;

        Assert.Equal(1, batch.Count);
        Assert.Equal(UdpReceivers.Datagram(7, 1230), batch.Datagram(0).ToArray());
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 5004).Serialize().Buffer.Span[..16].ToArray(), batch.Address(0).ToArray());
        Assert.Equal(PacketKind.Rtp, batch.Kind(0));
        Assert.Null(batch.Failure(0));

        var header = batch.Headers[0].Header;
        Assert.Equal(16u, header.NameLength);
        Assert.Equal(1u, (uint)header.VectorCount);
        Assert.Equal(1230u, (uint)header.Vectors[0].Length);
        Assert.Equal(batch.Datagram(0)[0], ((byte*)header.Vectors[0].Base)[0]);
        Assert.Equal(10, ((byte*)header.Name)[4]);
    }

    [Fact]
    public void AFullBatchAndATooLargeDatagramAreRefused()
    {
        var batch = new SendBatch(capacity: 2);
        var remote = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        Assert.False(batch.TryAdd(new byte[SendBatch.SlotSize + 1], remote, PacketKind.Rtp));
        Assert.True(batch.TryAdd(new byte[SendBatch.SlotSize], remote, PacketKind.Rtp));
        Assert.True(batch.TryAdd(new byte[1], remote, PacketKind.Stun));
        Assert.True(batch.IsFull);
        Assert.False(batch.TryAdd(new byte[1], remote, PacketKind.Stun));

        batch.Clear();
        Assert.Equal(0, batch.Count);
        Assert.True(batch.TryAdd(new byte[3], new IPEndPoint(IPAddress.IPv6Loopback, 9).Serialize(), PacketKind.Dtls));
        Assert.Equal(28, batch.Address(0).Length);
        Assert.Equal(28u, batch.Headers[0].Header.NameLength);
    }

    [Fact]
    public void AFailureMarkIsClearedWhenTheSlotIsReused()
    {
        var batch = new SendBatch(capacity: 1);
        var remote = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        batch.TryAdd(new byte[10], remote, PacketKind.Rtp);
        batch.Fail(0, Sfu.Core.Diagnostics.SendFailure.SocketError, 22);
        Assert.Equal(Sfu.Core.Diagnostics.SendFailure.SocketError, batch.Failure(0));
        Assert.Equal(22, batch.Error(0));
        batch.Clear();
        batch.TryAdd(new byte[10], remote, PacketKind.Rtp);
        Assert.Null(batch.Failure(0));
    }

    [Fact]
    public void AddingAllocatesNothing()
    {
        var batch = new SendBatch();
        var datagram = new byte[1230];
        var remote = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        batch.TryAdd(datagram, remote, PacketKind.Rtp);
        batch.Clear();
        long allocated = AllocationMeter.Measure(() =>
        {
            for (int round = 0; round < 100; round++)
            {
                while (batch.TryAdd(datagram, remote, PacketKind.Rtp))
                {
                }

                batch.Clear();
            }
        });
        Assert.Equal(0, allocated);
    }
}
