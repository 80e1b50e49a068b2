using Sfu.Core.Rtcp;
using Sfu.Core.Tests.Rtp;

namespace Sfu.Core.Tests.Rtcp;

public class TransportWideCcFeedbackTests
{
    [Fact]
    public void ParsesEveryFieldAndStatus()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.TransportWideCc);
        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback));

        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(2u, feedback.MediaSsrc);
        Assert.Equal(10, feedback.BaseSequenceNumber);
        Assert.Equal(5, feedback.PacketStatusCount);
        Assert.Equal(16, feedback.ReferenceTime);
        Assert.Equal(1_024_000L, feedback.ReferenceTimeMicroseconds);
        Assert.Equal(7, feedback.FeedbackPacketCount);
        Assert.Equal(4, feedback.ReceivedPacketCount);
        Assert.Equal(2, feedback.ChunkCount);

        List<TransportWideCcPacketStatus> statuses = Collect(feedback);
        Assert.Equal([10, 11, 12, 13, 14], statuses.Select(s => (int)s.SequenceNumber));
        Assert.Equal(
            [
                TransportWideCcStatus.ReceivedSmallDelta,
                TransportWideCcStatus.ReceivedSmallDelta,
                TransportWideCcStatus.ReceivedSmallDelta,
                TransportWideCcStatus.NotReceived,
                TransportWideCcStatus.ReceivedLargeOrNegativeDelta,
            ],
            statuses.Select(s => s.Status));
        Assert.Equal([4, 8, 0, 0, -100], statuses.Select(s => s.DeltaTicks));
        Assert.Equal([1000L, 2000, 0, 0, -25_000], statuses.Select(s => s.DeltaMicroseconds));
        Assert.Equal([1_025_000L, 1_027_000, 1_027_000, 1_027_000, 1_002_000], statuses.Select(s => s.ArrivalTimeMicroseconds));
        Assert.False(statuses[3].IsReceived);
        Assert.True(statuses[4].IsReceived);
    }

    [Fact]
    public void BuilderWritesTheExpectedBytes()
    {
        // Same statuses as the parsed example; the builder puts all five in one 2-bit vector chunk
        // (a large delta is among them and no run reaches 7): 0xC000 | 1<<12 | 1<<10 | 1<<8 | 0<<6 | 2<<4 = 0xD520.
        TransportWideCcArrival[] arrivals =
        [
            new(10, 1_025_000),
            new(11, 1_027_000),
            new(12, 1_027_100), // floors to the same tick as 11
            new(14, 1_002_000),
        ];
        var buffer = new byte[64];
        int length = TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, 7, arrivals, 1200, out int consumed, out long next);

        Assert.Equal(28, length);
        Assert.Equal(4, consumed);
        Assert.Equal(15, next);
        Assert.Equal(
            "8fcd0006" + "00000001" + "00000002" + "000a0005" + "00001007" + "d520" + "040800ff9c" + "00",
            Hex.Format(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void RoundTripsAMixOfReceivedLostBigAndNegativeDeltas()
    {
        var random = new Random(7);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            TransportWideCcArrival[] arrivals = RandomArrivals(random, random.Next(1, 400), 65_000);
            AssertRoundTrip(arrivals, arrivals[0].SequenceNumber, maxPacketLength: 1200);
        }
    }

    [Fact]
    public void LongRunsUseRunLengthChunks()
    {
        // 100 packets 1 ms apart: one run length chunk of small deltas.
        TransportWideCcArrival[] arrivals = Enumerable.Range(0, 100).Select(i => new TransportWideCcArrival(1000 + i, 5_000_000 + (i * 1000))).ToArray();
        byte[] packet = AssertRoundTrip(arrivals, 1000, 1200);
        TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback);
        Assert.Equal(1, feedback.ChunkCount);
        Assert.Equal("2064", Hex.Format(packet.AsSpan(20, 2))); // T=0, S=01, run 100
        Assert.Equal(124, packet.Length); // 122 padded

        // A run longer than 8191 is split.
        TransportWideCcArrival[] many = Enumerable.Range(0, 9000).Select(i => new TransportWideCcArrival(i, i * 250L)).ToArray();
        byte[] big = AssertRoundTrip(many, 0, 65536);
        TransportWideCcFeedback.TryParse(big, out TransportWideCcFeedback bigFeedback);
        Assert.Equal(2, bigFeedback.ChunkCount);
        Assert.Equal("3fff", Hex.Format(big.AsSpan(20, 2)));
    }

    [Fact]
    public void LossPatternsUseOneBitVectors()
    {
        // Every other packet lost, small deltas: 1-bit vectors of 14 statuses.
        TransportWideCcArrival[] arrivals = Enumerable.Range(0, 20).Select(i => new TransportWideCcArrival(i * 2, 1_000_000 + (i * 2000))).ToArray();
        byte[] packet = AssertRoundTrip(arrivals, 0, 1200);
        TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback);
        Assert.Equal(39, feedback.PacketStatusCount);
        Assert.Equal(3, feedback.ChunkCount);
        Assert.Equal("aaaa", Hex.Format(packet.AsSpan(20, 2))); // T=1 S=0, symbols 10101010101010
    }

    [Fact]
    public void LargeGapsOfLossUseRunLengthChunks()
    {
        TransportWideCcArrival[] arrivals = [new(100, 1_000_000), new(3100, 1_010_000), new(3101, 1_011_000)];
        byte[] packet = AssertRoundTrip(arrivals, 100, 1200);
        TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback);
        Assert.Equal(3002, feedback.PacketStatusCount);
        Assert.Equal(3, feedback.ReceivedPacketCount);
        // 1-bit vector [1, 0 x 13], run of 2986 lost, then a 1-bit vector covering the last lost ones and the two arrivals.
        Assert.Equal(3, feedback.ChunkCount);
        Assert.Equal("a000", Hex.Format(packet.AsSpan(20, 2)));
        Assert.Equal("0baa", Hex.Format(packet.AsSpan(22, 2)));
    }

    [Fact]
    public void BaseBeforeTheFirstArrivalReportsTheGapAsLost()
    {
        TransportWideCcArrival[] arrivals = [new(105, 2_000_000), new(106, 2_001_000)];
        byte[] packet = AssertRoundTrip(arrivals, 100, 1200);
        TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(7, feedback.PacketStatusCount);
        Assert.Equal(2, feedback.ReceivedPacketCount);
    }

    [Fact]
    public void SequenceNumbersWrapOnTheWire()
    {
        TransportWideCcArrival[] arrivals = Enumerable.Range(0, 40).Select(i => new TransportWideCcArrival(65520 + i, 3_000_000 + (i * 500))).ToArray();
        byte[] packet = AssertRoundTrip(arrivals, 65520, 1200);
        TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback);
        Assert.Equal(65520, feedback.BaseSequenceNumber);
        List<TransportWideCcPacketStatus> statuses = Collect(feedback);
        Assert.Equal(65535, statuses[15].SequenceNumber);
        Assert.Equal(0, statuses[16].SequenceNumber);
    }

    [Fact]
    public void StaleAndRepeatedArrivalsAreSkipped()
    {
        TransportWideCcArrival[] arrivals = [new(5, 1_000), new(10, 2_000), new(10, 2_500), new(11, 3_000)];
        var buffer = new byte[64];
        int length = TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, 0, 10, arrivals, 1200, out int consumed, out long next);
        Assert.Equal(4, consumed);
        Assert.Equal(12, next);
        TransportWideCcFeedback.TryParse(buffer.AsSpan(0, length), out TransportWideCcFeedback feedback);
        Assert.Equal(2, feedback.PacketStatusCount);
        List<TransportWideCcPacketStatus> statuses = Collect(feedback);
        Assert.Equal(4, statuses[1].DeltaTicks); // 3000 - 2000 µs: the first arrival of 10 counts

        Assert.Equal(0, TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, 0, 20, arrivals, 1200, out consumed, out next));
        Assert.Equal(4, consumed);
        Assert.Equal(20, next);
        Assert.Equal(0, TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, 0, [], 1200, out consumed, out _));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void DeltaTooBigForSixteenBitsStartsANewPacket()
    {
        // 9 s between 2 and 3 is 36000 ticks, more than a signed 16-bit delta holds.
        TransportWideCcArrival[] arrivals = [new(1, 1_000_000), new(2, 1_001_000), new(3, 10_001_000), new(4, 10_002_000)];
        var buffer = new byte[64];
        int length = TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, 0, arrivals, 1200, out int consumed, out long next);
        Assert.Equal(2, consumed);
        Assert.Equal(3, next);
        TransportWideCcFeedback.TryParse(buffer.AsSpan(0, length), out TransportWideCcFeedback first);
        Assert.Equal(2, first.PacketStatusCount);

        length = TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, 1, next, arrivals.AsSpan(consumed), 1200, out consumed, out next);
        Assert.Equal(2, consumed);
        Assert.Equal(5, next);
        TransportWideCcFeedback.TryParse(buffer.AsSpan(0, length), out TransportWideCcFeedback second);
        Assert.Equal(3, second.BaseSequenceNumber);
        Assert.Equal(156, second.ReferenceTime); // 10.001 s / 64 ms
        Assert.Equal(1, second.FeedbackPacketCount);
        List<TransportWideCcPacketStatus> statuses = Collect(second);
        Assert.Equal(10_001_000L, statuses[0].ArrivalTimeMicroseconds);
        Assert.Equal(10_002_000L, statuses[1].ArrivalTimeMicroseconds);
    }

    [Fact]
    public void SizeBoundSplitsIntoPacketsThatCoverEverything()
    {
        var random = new Random(99);
        TransportWideCcArrival[] arrivals = RandomArrivals(random, 3000, 10_000_000);
        foreach (int maxPacketLength in new[] { 24, 25, 60, 200, 1200 })
        {
            long next = arrivals[0].SequenceNumber;
            int offset = 0;
            var reported = new List<(long Sequence, bool Received)>();
            var buffer = new byte[1500];
            int packets = 0;
            while (offset < arrivals.Length)
            {
                int length = TransportWideCcFeedbackBuilder.Build(buffer, 1, 2, (byte)packets, next, arrivals.AsSpan(offset), maxPacketLength, out int consumed, out long nextSequence);
                Assert.True(length > 0);
                Assert.True(length <= maxPacketLength, $"{length} > {maxPacketLength}");
                Assert.Equal(0, length % 4);
                Assert.True(nextSequence > next);
                Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(buffer.AsSpan(0, length), out TransportWideCcFeedback feedback));
                Assert.Equal((ushort)next, feedback.BaseSequenceNumber);
                Assert.Equal(nextSequence - next, feedback.PacketStatusCount);
                long sequence = next;
                foreach (TransportWideCcPacketStatus status in feedback)
                {
                    Assert.Equal((ushort)sequence, status.SequenceNumber);
                    reported.Add((sequence++, status.IsReceived));
                }

                offset += consumed;
                next = nextSequence;
                packets++;
            }

            var expected = new List<(long, bool)>();
            var received = arrivals.Select(a => a.SequenceNumber).ToHashSet();
            for (long s = arrivals[0].SequenceNumber; s <= arrivals[^1].SequenceNumber; s++)
            {
                expected.Add((s, received.Contains(s)));
            }

            Assert.Equal(expected, reported);
            Assert.True(maxPacketLength >= 1200 || packets > 1);
        }
    }

    [Fact]
    public void BuilderRejectsASizeBoundTooSmall()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TransportWideCcFeedbackBuilder.Build(new byte[64], 1, 2, 0, [new TransportWideCcArrival(1, 1)], 20, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TransportWideCcFeedbackBuilder.Build(new byte[20], 1, 2, 0, [new TransportWideCcArrival(1, 1)], 1200, out _, out _));
    }

    [Theory]
    [InlineData("8f cd 00 04  00 00 00 01  00 00 00 02  00 0a 00 00  00 00 10 07", RtcpParseError.BadLength)] // status count 0
    [InlineData("8f cd 00 03  00 00 00 01  00 00 00 02  00 0a 00 05", RtcpParseError.TooShort)]
    [InlineData("8f cd 00 05  00 00 00 01  00 00 00 02  00 0a 00 05  00 00 10 07  20 03 00 00", RtcpParseError.StatusCountOverrun)] // run of 3 + empty run of 0
    [InlineData("8f cd 00 05  00 00 00 01  00 00 00 02  00 0a 00 03  00 00 10 07  20 03 04 08", RtcpParseError.DeltaOverrun)] // 3 deltas needed, 2 present
    [InlineData("8f cd 00 05  00 00 00 01  00 00 00 02  00 0a 00 03  00 00 10 07  60 03 00 00", RtcpParseError.ReservedStatusSymbol)] // run of symbol 3
    [InlineData("8f cd 00 05  00 00 00 01  00 00 00 02  00 0a 00 02  00 00 10 07  f0 00 00 00", RtcpParseError.ReservedStatusSymbol)] // 2-bit vector with 11
    [InlineData("8f cd 00 05  00 00 00 01  00 00 00 02  00 0a 00 01  00 00 10 07  cf ff 00 00", RtcpParseError.None)] // 11 symbols past the count are ignored
    [InlineData("8f cd 00 06  00 00 00 01  00 00 00 02  00 0a 00 03  00 00 10 07  20 03 04 08", RtcpParseError.LengthOverrun)]
    [InlineData("81 cd 00 05  00 00 00 01  00 00 00 02  00 0a 00 03  00 00 10 07  20 03 04 08", RtcpParseError.WrongFormat)]
    public void MalformedFeedbackIsRejected(string hex, RtcpParseError expected)
    {
        Assert.Equal(expected, TransportWideCcFeedback.TryParse(Hex.Parse(hex), out _));
    }

    [Fact]
    public void NegativeReferenceTimeIsSignExtended()
    {
        byte[] packet = Hex.Parse(RtcpTestPackets.TransportWideCc);
        packet[16] = 0xff;
        packet[17] = 0xff;
        packet[18] = 0xfe;
        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback));
        Assert.Equal(-2, feedback.ReferenceTime);
        Assert.Equal(-128_000L, feedback.ReferenceTimeMicroseconds);
    }

    /// <summary>Random arrivals: 1-in-5 losses, bursts of loss, small, large and negative (reordered) deltas.</summary>
    private static TransportWideCcArrival[] RandomArrivals(Random random, int count, long startMicroseconds)
    {
        var arrivals = new List<TransportWideCcArrival>();
        long sequence = random.Next(0, 70_000);
        long time = startMicroseconds;
        while (arrivals.Count < count)
        {
            int roll = random.Next(100);
            if (roll < 20)
            {
                sequence += 1 + random.Next(roll < 2 ? 200 : 3); // lost packet(s), sometimes a long burst
            }

            time += roll switch
            {
                < 60 => random.Next(0, 5_000), // small
                < 80 => random.Next(64_000, 2_000_000), // large positive
                < 95 => -random.Next(1, 100_000), // negative: reordered on the network
                _ => random.Next(0, 250),
            };
            arrivals.Add(new TransportWideCcArrival(sequence, time));
            sequence++;
        }

        return arrivals.ToArray();
    }

    /// <summary>Builds from <paramref name="arrivals"/> (which must fit one packet), parses, and checks every status.</summary>
    private static byte[] AssertRoundTrip(TransportWideCcArrival[] arrivals, long baseSequence, int maxPacketLength)
    {
        var buffer = new byte[maxPacketLength];
        int length = TransportWideCcFeedbackBuilder.Build(buffer, 0x11, 0x22, 3, baseSequence, arrivals, maxPacketLength, out int consumed, out long next);
        Assert.Equal(arrivals.Length, consumed);
        Assert.Equal(arrivals[^1].SequenceNumber + 1, next);
        Assert.Equal(0, length % 4);
        byte[] packet = buffer.AsSpan(0, length).ToArray();

        Assert.Equal(RtcpParseError.None, TransportWideCcFeedback.TryParse(packet, out TransportWideCcFeedback feedback));
        Assert.Equal(0x11u, feedback.SenderSsrc);
        Assert.Equal(0x22u, feedback.MediaSsrc);
        Assert.Equal(3, feedback.FeedbackPacketCount);
        Assert.Equal((ushort)baseSequence, feedback.BaseSequenceNumber);
        Assert.Equal(next - baseSequence, feedback.PacketStatusCount);
        Assert.Equal(arrivals.Length, feedback.ReceivedPacketCount);

        // Independent model: deltas between floored 250 µs ticks, the first against the 64 ms reference.
        var bySequence = arrivals.ToDictionary(a => a.SequenceNumber, a => Math.DivRem(a.ArrivalTimeMicroseconds, 250L) switch
        {
            (long q, long r) when r < 0 => q - 1,
            (long q, _) => q,
        });
        long reference = (bySequence[arrivals[0].SequenceNumber] >> 8) << 8;
        Assert.Equal(reference / 256, feedback.ReferenceTime);
        long previous = reference;
        long sequence = baseSequence;
        foreach (TransportWideCcPacketStatus status in feedback)
        {
            Assert.Equal((ushort)sequence, status.SequenceNumber);
            if (bySequence.TryGetValue(sequence, out long ticks))
            {
                long delta = ticks - previous;
                previous = ticks;
                Assert.True(status.IsReceived);
                Assert.Equal(delta, status.DeltaTicks);
                Assert.Equal(delta is >= 0 and <= 255 ? TransportWideCcStatus.ReceivedSmallDelta : TransportWideCcStatus.ReceivedLargeOrNegativeDelta, status.Status);
                Assert.Equal(ticks * 250, status.ArrivalTimeMicroseconds);
            }
            else
            {
                Assert.False(status.IsReceived);
                Assert.Equal(TransportWideCcStatus.NotReceived, status.Status);
                Assert.Equal(0, status.DeltaTicks);
            }

            sequence++;
        }

        Assert.Equal(next, sequence);
        return packet;
    }

    private static List<TransportWideCcPacketStatus> Collect(TransportWideCcFeedback feedback)
    {
        var result = new List<TransportWideCcPacketStatus>();
        foreach (TransportWideCcPacketStatus status in feedback)
        {
            result.Add(status);
        }

        return result;
    }
}
