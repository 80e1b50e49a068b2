using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class RtcpMalformedInputTests
{
    private static readonly string[] AllValidPackets =
    [
        RtcpTestPackets.SenderReport,
        RtcpTestPackets.ReceiverReport,
        RtcpTestPackets.SourceDescription,
        RtcpTestPackets.Goodbye,
        RtcpTestPackets.GenericNack,
        RtcpTestPackets.PictureLossIndication,
        RtcpTestPackets.FullIntraRequest,
        RtcpTestPackets.Remb,
        RtcpTestPackets.TransportWideCc,
        RtcpTestPackets.ExtendedReport,
    ];

    public static TheoryData<string> ValidPackets => new(AllValidPackets);

    [Theory]
    [MemberData(nameof(ValidPackets))]
    public void EveryTruncationIsTooShortOrALengthOverrun(string hex)
    {
        byte[] packet = Hex.Parse(hex);
        Assert.Equal(RtcpParseError.None, ParseWithItsParser(packet));

        for (int length = 0; length < packet.Length; length++)
        {
            RtcpParseError expected = length < 4 ? RtcpParseError.TooShort : RtcpParseError.LengthOverrun;
            Assert.Equal(expected, ParseWithItsParser(packet.AsSpan(0, length)));
            var reader = new RtcpCompoundReader(packet.AsSpan(0, length));
            Assert.False(reader.TryReadNext(out _, out _));
            Assert.Equal(expected, reader.Error);
        }
    }

    [Theory]
    [MemberData(nameof(ValidPackets))]
    public void EveryShorterLengthFieldIsRejectedOrStillConsistent(string hex)
    {
        // Lie about the length: the packet claims fewer words than it has. Parsers see a shorter body and must
        // either reject it with a reason or parse something that lies inside the claimed length.
        byte[] packet = Hex.Parse(hex);
        for (int words = 0; words < (packet.Length / 4) - 1; words++)
        {
            byte[] copy = (byte[])packet.Clone();
            copy[2] = 0;
            copy[3] = (byte)words;
            RtcpParseError error = ParseWithItsParser(copy);
            Assert.True(Enum.IsDefined(error));
            Assert.NotEqual(RtcpParseError.LengthOverrun, error);
            Assert.NotEqual(RtcpParseError.BadVersion, error);
        }
    }

    [Theory]
    [MemberData(nameof(ValidPackets))]
    public void PaddingLongerThanThePacketIsRejected(string hex)
    {
        byte[] packet = Hex.Parse(hex);
        packet[0] |= 0x20;
        packet[^1] = (byte)(packet.Length - 3); // one more than the body
        Assert.Equal(RtcpParseError.BadPadding, ParseWithItsParser(packet));
        packet[^1] = 0;
        Assert.Equal(RtcpParseError.BadPadding, ParseWithItsParser(packet));
    }

    [Fact]
    public void RandomBuffersNeverThrow()
    {
        var random = new Random(12345);
        var buffer = new byte[128];
        byte[] types = [200, 201, 202, 203, 204, 205, 206, 207, 210];
        var outcomes = new Dictionary<RtcpParseError, int>();
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            int length = random.Next(0, buffer.Length + 1);
            random.NextBytes(buffer);
            if (iteration % 4 != 0 && length >= 4)
            {
                // Mostly well-formed headers with random bodies, so the parsers get past the header checks.
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x1F) | (iteration % 8 == 1 ? 0x20 : 0));
                buffer[1] = types[random.Next(types.Length)];
                if (iteration % 3 == 0)
                {
                    // A feedback format this library parses: NACK/TWCC for RTPFB, PLI/FIR/REMB for PSFB.
                    ReadOnlySpan<int> formats = [1, 4, 15];
                    buffer[0] = (byte)(0x80 | formats[random.Next(formats.Length)]);
                }

                int words = random.Next(0, (length / 4) + 2) - 1;
                buffer[2] = 0;
                buffer[3] = (byte)Math.Max(words, 0);
                if (buffer[1] == 206 && length >= 16 && random.Next(2) == 0)
                {
                    "REMB"u8.CopyTo(buffer.AsSpan(12));
                }
            }

            ReadOnlySpan<byte> data = buffer.AsSpan(0, length);
            foreach (RtcpParseError error in ParseWithEveryParser(data))
            {
                Assert.True(Enum.IsDefined(error));
                outcomes[error] = outcomes.GetValueOrDefault(error) + 1;
            }

            var reader = new RtcpCompoundReader(data);
            int total = 0;
            while (reader.TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
            {
                Assert.Equal(header.PacketLength, packet.Length);
                total += packet.Length;
                foreach (RtcpParseError error in ParseWithEveryParser(packet))
                {
                    Assert.True(Enum.IsDefined(error));
                }
            }

            if (reader.Error == RtcpParseError.None)
            {
                Assert.Equal(length, total); // consumed exactly
            }
            else
            {
                Assert.True(total < length || length == 0);
            }
        }

        // The fuzz must reach the parsers' deeper checks, not only the header.
        Assert.True(outcomes.GetValueOrDefault(RtcpParseError.None) > 500);
        Assert.True(outcomes.GetValueOrDefault(RtcpParseError.CountOverrun) > 10);
        Assert.True(outcomes.GetValueOrDefault(RtcpParseError.WrongPacketType) > 1000);
    }

    [Fact]
    public void MutatedValidPacketsNeverThrow()
    {
        // Flipping a few bytes of valid packets reaches the deep checks (chunk walks, item lists, block lengths).
        var random = new Random(777);
        byte[][] packets = AllValidPackets.Select(Hex.Parse).ToArray();
        var parsedByType = new Dictionary<byte, int>();
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            byte[] packet = (byte[])packets[random.Next(packets.Length)].Clone();
            int mutations = random.Next(1, 4);
            for (int i = 0; i < mutations; i++)
            {
                // Odd iterations keep the 4-byte header intact so the body checks are reached.
                int index = iteration % 2 == 0 ? random.Next(packet.Length) : 4 + random.Next(packet.Length - 4);
                packet[index] = (byte)random.Next(256);
            }

            if (ParseWithItsParser(packet) == RtcpParseError.None)
            {
                parsedByType[packet[1]] = parsedByType.GetValueOrDefault(packet[1]) + 1;
            }

            foreach (RtcpParseError error in ParseWithEveryParser(packet))
            {
                Assert.True(Enum.IsDefined(error));
            }
        }

        // Every packet type still parses after some mutations (payload bytes), so its enumeration ran.
        foreach (byte type in new byte[] { 200, 201, 202, 203, 205, 206, 207 })
        {
            Assert.True(parsedByType.GetValueOrDefault(type) > 50, $"type {type}: {parsedByType.GetValueOrDefault(type)}");
        }
    }

    /// <summary>Parses with the view matching the packet type and format; unknown types as raw.</summary>
    private static RtcpParseError ParseWithItsParser(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2)
        {
            return RtcpRawPacket.TryParse(packet, out _);
        }

        int format = packet[0] & 0x1F;
        return (RtcpPacketType)packet[1] switch
        {
            RtcpPacketType.SenderReport => SenderReport.TryParse(packet, out _),
            RtcpPacketType.ReceiverReport => ReceiverReport.TryParse(packet, out _),
            RtcpPacketType.SourceDescription => SourceDescription.TryParse(packet, out _),
            RtcpPacketType.Goodbye => Goodbye.TryParse(packet, out _),
            RtcpPacketType.TransportFeedback when format == 1 => GenericNack.TryParse(packet, out _),
            RtcpPacketType.TransportFeedback when format == 15 => TransportWideCcFeedback.TryParse(packet, out _),
            RtcpPacketType.PayloadFeedback when format == 1 => PictureLossIndication.TryParse(packet, out _),
            RtcpPacketType.PayloadFeedback when format == 4 => FullIntraRequest.TryParse(packet, out _),
            RtcpPacketType.PayloadFeedback when format == 15 => ReceiverEstimatedMaxBitrate.TryParse(packet, out _),
            RtcpPacketType.ExtendedReport => ExtendedReport.TryParse(packet, out _),
            _ => RtcpRawPacket.TryParse(packet, out _),
        };
    }

    /// <summary>Runs every parser over the buffer and fully enumerates whatever parses.</summary>
    private static List<RtcpParseError> ParseWithEveryParser(ReadOnlySpan<byte> data)
    {
        var errors = new List<RtcpParseError>();
        errors.Add(RtcpHeader.TryParse(data, out _));
        errors.Add(RtcpRawPacket.TryParse(data, out _));
        errors.Add(RtcpFeedbackHeader.TryParse(data, out _));

        RtcpParseError error = SenderReport.TryParse(data, out SenderReport sr);
        if (error == RtcpParseError.None)
        {
            foreach (ReportBlock block in sr.ReportBlocks)
            {
                Assert.InRange(block.CumulativeLost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost);
            }
        }

        errors.Add(error);
        error = ReceiverReport.TryParse(data, out ReceiverReport rr);
        if (error == RtcpParseError.None)
        {
            for (int i = 0; i < rr.ReportBlocks.Count; i++)
            {
                _ = rr.ReportBlocks[i];
            }
        }

        errors.Add(error);
        error = SourceDescription.TryParse(data, out SourceDescription sdes);
        if (error == RtcpParseError.None)
        {
            foreach (SourceDescriptionItem item in sdes)
            {
                Assert.True(item.Value.Length <= 255);
            }
        }

        errors.Add(error);
        error = Goodbye.TryParse(data, out Goodbye bye);
        if (error == RtcpParseError.None)
        {
            for (int i = 0; i < bye.SourceCount; i++)
            {
                _ = bye.GetSource(i);
            }
        }

        errors.Add(error);
        error = GenericNack.TryParse(data, out GenericNack nack);
        if (error == RtcpParseError.None)
        {
            int count = 0;
            foreach (ushort _ in nack)
            {
                count++;
            }

            Assert.Equal(nack.LostPacketCount, count);
        }

        errors.Add(error);
        errors.Add(PictureLossIndication.TryParse(data, out _));
        error = FullIntraRequest.TryParse(data, out FullIntraRequest fir);
        if (error == RtcpParseError.None)
        {
            for (int i = 0; i < fir.EntryCount; i++)
            {
                _ = fir.GetEntry(i);
            }
        }

        errors.Add(error);
        error = ReceiverEstimatedMaxBitrate.TryParse(data, out ReceiverEstimatedMaxBitrate remb);
        if (error == RtcpParseError.None)
        {
            _ = remb.Bitrate;
            for (int i = 0; i < remb.SsrcCount; i++)
            {
                _ = remb.GetSsrc(i);
            }
        }

        errors.Add(error);
        error = TransportWideCcFeedback.TryParse(data, out TransportWideCcFeedback twcc);
        if (error == RtcpParseError.None)
        {
            int count = 0;
            int received = 0;
            foreach (TransportWideCcPacketStatus status in twcc)
            {
                count++;
                received += status.IsReceived ? 1 : 0;
            }

            Assert.Equal(twcc.PacketStatusCount, count);
            Assert.Equal(twcc.ReceivedPacketCount, received);
        }

        errors.Add(error);
        error = ExtendedReport.TryParse(data, out ExtendedReport xr);
        if (error == RtcpParseError.None)
        {
            foreach (ExtendedReportBlock block in xr)
            {
                for (int i = 0; i < block.DlrrSubBlockCount; i++)
                {
                    _ = block.GetDlrrSubBlock(i);
                }
            }

            xr.TryFindReceiverReferenceTime(out _);
            xr.TryFindDlrr(1, out _);
        }

        errors.Add(error);
        return errors;
    }
}
