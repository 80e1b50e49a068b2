using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

[Collection(AllocationCollection.Name)]
public class RtpAllocationTests
{
    [Fact]
    public void ForwardingPathAllocatesNothing()
    {
        byte[] packet = Hex.Parse(
            "90 6f 00 01  00 00 00 02  00 00 00 03  be de 00 03  10 30 32 01  02 03 51 00  07 00 00 00  aa bb");
        var built = new byte[64];

        long checksum = RunForwardingPath(packet, built, 100); // warm up: JIT, static initialisation
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += RunForwardingPath(packet, built, 1_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
    }

    private static long RunForwardingPath(byte[] packet, byte[] built, int iterations)
    {
        long checksum = 0;
        var unwrapper = new SequenceNumberUnwrapper();
        for (int i = 0; i < iterations; i++)
        {
            if (RtpHeader.TryParse(packet, out RtpHeader header) != RtpParseError.None)
            {
                return -1;
            }

            if (RtpHeaderExtensions.TryFind(packet, header, 1, out ReadOnlySpan<byte> mid))
            {
                checksum += mid[0];
            }

            if (RtpHeaderExtensions.TryFindMutable(packet, header, 5, out Span<byte> transportSequence))
            {
                transportSequence[1] = (byte)i;
            }

            foreach (RtpHeaderExtension extension in RtpHeaderExtensions.Enumerate(packet, header))
            {
                checksum += extension.Id;
            }

            checksum += unwrapper.Unwrap((ushort)(header.SequenceNumber + i));
            RtpPacketWriter.SetSequenceNumber(packet, (ushort)i);
            RtpPacketWriter.SetTimestamp(packet, (uint)(i * 3000));
            RtpPacketWriter.SetSsrc(packet, 0x1234);
            RtpPacketWriter.SetPayloadType(packet, 96);
            RtpPacketWriter.SetMarker(packet, (i & 1) == 0);

            int length = RtpPacketWriter.WriteHeader(built, 96, (ushort)i, 1, 2);
            var writer = new RtpHeaderExtensionWriter(built.AsSpan(length));
            writer.Add(1, mid);
            writer.Add(20, transportSequence); // forces the two-byte rewrite
            checksum += writer.Finish();
        }

        return checksum;
    }
}
