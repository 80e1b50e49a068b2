using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

[Collection(AllocationCollection.Name)]
public class RtcpAllocationTests
{
    [Fact]
    public void CompoundIterationAndFeedbackAllocateNothing()
    {
        byte[] compound = Hex.Parse(
            RtcpTestPackets.SenderReport + RtcpTestPackets.SourceDescription + RtcpTestPackets.GenericNack
            + RtcpTestPackets.Remb + RtcpTestPackets.TransportWideCc + RtcpTestPackets.ExtendedReport);
        var arrivals = new TransportWideCcArrival[200];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = new TransportWideCcArrival(1000 + i + (i / 10), 1_000_000 + (i * 700));
        }

        ushort[] lost = [65530, 65533, 0, 3, 40];
        uint[] rembSsrcs = [3]; // a collection expression at the call site would allocate in the test itself
        var output = new byte[1500];

        long checksum = Run(compound, arrivals, lost, rembSsrcs, output, 100); // warm up
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        checksum += Run(compound, arrivals, lost, rembSsrcs, output, 1_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(checksum > 0);
    }

    private static long Run(byte[] compound, TransportWideCcArrival[] arrivals, ushort[] lost, uint[] rembSsrcs, byte[] output, int iterations)
    {
        long checksum = 0;
        for (int i = 0; i < iterations; i++)
        {
            var reader = new RtcpCompoundReader(compound);
            while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
            {
                switch (header.PacketType)
                {
                    case RtcpPacketType.SenderReport when SenderReport.TryParse(packet, out SenderReport sr) == RtcpParseError.None:
                        foreach (ReportBlock block in sr.ReportBlocks)
                        {
                            checksum += block.CumulativeLost;
                        }

                        break;
                    case RtcpPacketType.SourceDescription when SourceDescription.TryParse(packet, out SourceDescription sdes) == RtcpParseError.None:
                        foreach (SourceDescriptionItem item in sdes)
                        {
                            checksum += item.Value.Length;
                        }

                        break;
                    case RtcpPacketType.TransportFeedback when GenericNack.TryParse(packet, out GenericNack nack) == RtcpParseError.None:
                        foreach (ushort sequence in nack)
                        {
                            checksum += sequence;
                        }

                        break;
                    case RtcpPacketType.TransportFeedback when TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback twcc) == RtcpParseError.None:
                        foreach (TransportWideCcPacketStatus status in twcc)
                        {
                            checksum += status.DeltaTicks;
                        }

                        break;
                    case RtcpPacketType.PayloadFeedback when ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb) == RtcpParseError.None:
                        checksum += (long)(remb.Bitrate / 1000);
                        break;
                    case RtcpPacketType.ExtendedReport when ExtendedReport.TryParse(packet, out ExtendedReport xr) == RtcpParseError.None:
                        checksum += xr.TryFindDlrr(2, out DlrrSubBlock dlrr) ? dlrr.DelaySinceLastReceiverReport : 0;
                        break;
                }
            }

            checksum += GenericNack.Write(output, 1, 2, lost);
            checksum += PictureLossIndication.Write(output, 1, 2);
            checksum += ReceiverEstimatedMaxBitrate.Write(output, 1, 2_000_000, rembSsrcs);
            checksum += FullIntraRequest.Write(output, 1, 2, (byte)i);
            checksum += ExtendedReport.WriteReceiverReferenceTime(output, 1, (ulong)i);
            checksum += TransportWideCcFeedbackBuilder.Build(output, 1, 2, (byte)i, arrivals, 1200, out int consumed, out _);
            checksum += consumed;
        }

        return checksum;
    }
}
