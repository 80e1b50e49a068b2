using System.Buffers.Binary;

namespace Sfu.Core.Rtcp;

/// <summary>
/// Builds transport-wide CC feedback packets (see <see cref="TransportWideCcFeedback"/> for the layout) from the
/// arrivals a receiver recorded, without allocating. This is what the SFU sends back to a publisher.
/// </summary>
/// <remarks>
/// <para>
/// Arrivals must be sorted by extended sequence number. Sequence numbers missing between them are reported as
/// lost; arrivals before the base sequence number and repeats are skipped. Receive deltas are computed in sequence
/// order on a 250 µs grid (arrival times are floored to whole ticks, so rounding errors do not accumulate); the
/// reference time is the first received arrival floored to 64 ms.
/// </para>
/// <para>
/// Chunk encoding, greedy over the status symbols: a run of 14 or more equal symbols becomes a run length chunk
/// (up to 8191); otherwise, if the next 14 symbols are all "not received" or "small delta", a 1-bit status vector;
/// otherwise a run length chunk for a run of 7 or more, else a 2-bit status vector of 7.
/// </para>
/// <para>
/// One call writes one packet and stops early when the packet would exceed the size bound, when a delta does not
/// fit 16 signed bits (more than about 8 s between consecutive arrivals), or at 65535 statuses. Call again with
/// the remaining arrivals (and the returned next sequence number as base) to continue in a new packet.
/// </para>
/// </remarks>
public static class TransportWideCcFeedbackBuilder
{
    /// <summary>Smallest size bound accepted: header, one chunk and one delta, padded to 32 bits.</summary>
    public const int MinPacketLength = 24;

    /// <summary>Longest run a run length chunk holds (13 bits).</summary>
    public const int MaxRunLength = 8191;

    private const int MaxPacketLength = 65536 * 4;
    private const int MaxStatusCount = ushort.MaxValue;

    /// <summary>
    /// Writes one feedback packet whose base sequence number is the first arrival's. Returns the packet length
    /// (0 when there is nothing to report).
    /// </summary>
    public static int Build(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        byte feedbackPacketCount,
        ReadOnlySpan<TransportWideCcArrival> arrivals,
        int maxPacketLength,
        out int arrivalsConsumed,
        out long nextSequenceNumber)
    {
        long baseSequence = arrivals.IsEmpty ? 0 : arrivals[0].SequenceNumber;
        return Build(destination, senderSsrc, mediaSsrc, feedbackPacketCount, baseSequence, arrivals, maxPacketLength, out arrivalsConsumed, out nextSequenceNumber);
    }

    /// <summary>
    /// Writes one feedback packet reporting the packets from <paramref name="baseSequenceNumber"/> on (those before
    /// the first arrival as lost) and returns its length, or 0 when no arrival is at or after the base.
    /// </summary>
    /// <param name="destination">Where the packet goes.</param>
    /// <param name="senderSsrc">SSRC of the packet sender.</param>
    /// <param name="mediaSsrc">SSRC of the media source field.</param>
    /// <param name="feedbackPacketCount">The feedback packet counter; increment it for every packet sent.</param>
    /// <param name="baseSequenceNumber">Extended sequence number of the first packet to report; usually the previous call's <paramref name="nextSequenceNumber"/>.</param>
    /// <param name="arrivals">Received packets, sorted by extended sequence number.</param>
    /// <param name="maxPacketLength">Size bound of the packet (at least <see cref="MinPacketLength"/>; capped by the destination).</param>
    /// <param name="arrivalsConsumed">How many leading arrivals were reported or skipped; continue with the rest.</param>
    /// <param name="nextSequenceNumber">Extended sequence number following the last status written.</param>
    public static int Build(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        byte feedbackPacketCount,
        long baseSequenceNumber,
        ReadOnlySpan<TransportWideCcArrival> arrivals,
        int maxPacketLength,
        out int arrivalsConsumed,
        out long nextSequenceNumber)
    {
        int limit = Math.Min(Math.Min(maxPacketLength, destination.Length), MaxPacketLength);
        if (limit < MinPacketLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPacketLength), maxPacketLength, "Need room for at least 24 bytes.");
        }

        var start = new StatusCursor(arrivals, baseSequenceNumber);
        if (start.Index >= arrivals.Length)
        {
            arrivalsConsumed = arrivals.Length;
            nextSequenceNumber = baseSequenceNumber;
            return 0;
        }

        long firstTicks = ToTicks(arrivals[start.Index].ArrivalTimeMicroseconds);
        long referenceUnits = FloorDivide(firstTicks, TransportWideCcFeedback.TicksPerReferenceUnit);
        start.PreviousTicks = referenceUnits * TransportWideCcFeedback.TicksPerReferenceUnit;

        // Pass 1 plans (counts chunks), pass 2 writes chunks and deltas at their final offsets.
        int budget = limit & ~3;
        StatusCursor plan = start;
        Encode(ref plan, budget, default, 0, out int chunkCount, out _, out _);
        StatusCursor cursor = start;
        Encode(ref cursor, budget, destination, chunkCount, out _, out int deltaBytes, out int statusCount);

        int contentLength = TransportWideCcFeedback.HeaderLength + (chunkCount * 2) + deltaBytes;
        int length = (contentLength + 3) & ~3;
        destination.Slice(contentLength, length - contentLength).Clear();
        RtcpFeedbackHeader.Write(destination, RtcpPacketType.TransportFeedback, (int)RtpFeedbackFormat.TransportWideCc, length, senderSsrc, mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), (ushort)baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)statusCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), ((uint)referenceUnits << 8) | feedbackPacketCount);

        arrivalsConsumed = cursor.Index;
        nextSequenceNumber = cursor.Sequence;
        return length;
    }

    /// <summary>Arrival time in microseconds to whole 250 µs ticks, rounding toward negative infinity.</summary>
    private static long ToTicks(long microseconds) => FloorDivide(microseconds, TransportWideCcPacketStatus.DeltaTickMicroseconds);

    private static long FloorDivide(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>
    /// Emits chunks greedily until the statuses end or the size budget is used. When <paramref name="destination"/>
    /// is empty only counts; otherwise writes chunks from offset 20 and deltas after <paramref name="plannedChunks"/> chunks.
    /// </summary>
    private static void Encode(
        ref StatusCursor cursor,
        int budget,
        Span<byte> destination,
        int plannedChunks,
        out int chunkCount,
        out int deltaBytes,
        out int statusCount)
    {
        bool write = !destination.IsEmpty;
        int chunkOffset = TransportWideCcFeedback.HeaderLength;
        int deltaOffset = TransportWideCcFeedback.HeaderLength + (plannedChunks * 2);
        chunkCount = 0;
        deltaBytes = 0;
        int initialStatuses = cursor.StatusCount;
        bool done = false;
        while (!done)
        {
            int first = cursor.Peek(out _);
            if (first < 0)
            {
                break;
            }

            // Bytes left for this chunk's deltas once the chunk itself is counted.
            int available = budget - (TransportWideCcFeedback.HeaderLength + ((chunkCount + 1) * 2) + deltaBytes);
            if (available < 0)
            {
                break;
            }

            StatusCursor probe = cursor;
            int run = probe.CountRun(first, MaxRunLength);
            ScanAhead(cursor, 14, out int ahead, out int firstLarge);

            bool runLength;
            int count;
            bool twoBit = false;
            if (run >= 14 || (run >= 7 && firstLarge < 14 && firstLarge < ahead))
            {
                runLength = true;
                count = run;
            }
            else if (firstLarge >= ahead)
            {
                runLength = false;
                count = ahead;
            }
            else
            {
                runLength = false;
                twoBit = true;
                count = Math.Min(7, ahead);
            }

            // Shrink the chunk to the size budget; a shrunk chunk is the last one.
            int fit = FitCount(cursor, runLength, first, count, available, out int chunkDeltaBytes);
            if (fit < count)
            {
                done = true;
                count = fit;
            }

            if (count == 0)
            {
                break;
            }

            ushort chunk = runLength ? (ushort)((first << 13) | count) : (ushort)(twoBit ? 0xC000 : 0x8000);
            if (runLength && first == 0)
            {
                cursor.SkipNotReceived(count);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    int symbol = cursor.Peek(out int delta);
                    if (!runLength)
                    {
                        chunk |= twoBit ? (ushort)(symbol << (12 - (2 * i))) : (ushort)(symbol << (13 - i));
                    }

                    if (write && symbol == 1)
                    {
                        destination[deltaOffset] = (byte)delta;
                    }
                    else if (write && symbol == 2)
                    {
                        BinaryPrimitives.WriteInt16BigEndian(destination.Slice(deltaOffset), (short)delta);
                    }

                    deltaOffset += symbol;
                    cursor.Advance();
                }
            }

            if (write)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(chunkOffset), chunk);
            }

            chunkOffset += 2;
            chunkCount++;
            deltaBytes += chunkDeltaBytes;
        }

        statusCount = cursor.StatusCount - initialStatuses;
    }

    /// <summary>Looks at up to <paramref name="maximum"/> next symbols: how many exist, and the index of the first large delta.</summary>
    private static void ScanAhead(StatusCursor cursor, int maximum, out int count, out int firstLarge)
    {
        count = 0;
        firstLarge = int.MaxValue;
        while (count < maximum)
        {
            int symbol = cursor.Peek(out _);
            if (symbol < 0)
            {
                break;
            }

            if (symbol == 2 && firstLarge == int.MaxValue)
            {
                firstLarge = count;
            }

            cursor.Advance();
            count++;
        }
    }

    /// <summary>How many of the next <paramref name="count"/> statuses fit in <paramref name="available"/> delta bytes.</summary>
    private static int FitCount(StatusCursor cursor, bool runLength, int symbol, int count, int available, out int deltaBytes)
    {
        if (runLength)
        {
            int fit = symbol == 0 ? count : Math.Min(count, available / symbol);
            deltaBytes = fit * symbol;
            return fit;
        }

        deltaBytes = 0;
        for (int i = 0; i < count; i++)
        {
            int size = cursor.Peek(out _);
            if (deltaBytes + size > available)
            {
                return i;
            }

            deltaBytes += size;
            cursor.Advance();
        }

        return count;
    }

    /// <summary>Walks the status symbols implied by sorted arrivals: 0 for a gap, 1 or 2 for a received packet.</summary>
    private ref struct StatusCursor
    {
        private readonly ReadOnlySpan<TransportWideCcArrival> _arrivals;

        public StatusCursor(ReadOnlySpan<TransportWideCcArrival> arrivals, long baseSequence)
        {
            _arrivals = arrivals;
            Sequence = baseSequence;
            Index = 0;
            StatusCount = 0;
            PreviousTicks = 0;
            SkipStale();
        }

        /// <summary>Index of the next arrival not yet reported.</summary>
        public int Index { get; private set; }

        /// <summary>Extended sequence number of the next status.</summary>
        public long Sequence { get; private set; }

        /// <summary>Statuses walked so far.</summary>
        public int StatusCount { get; private set; }

        /// <summary>Arrival time, in ticks, of the previous received packet (the reference time at first).</summary>
        public long PreviousTicks { get; set; }

        /// <summary>The next symbol (0, 1 or 2) and its delta in ticks; -1 when the statuses end here.</summary>
        public readonly int Peek(out int delta)
        {
            delta = 0;
            if (StatusCount >= MaxStatusCount || Index >= _arrivals.Length)
            {
                return -1;
            }

            TransportWideCcArrival arrival = _arrivals[Index];
            if (arrival.SequenceNumber != Sequence)
            {
                return 0;
            }

            long ticks = ToTicks(arrival.ArrivalTimeMicroseconds) - PreviousTicks;
            if (ticks >= 0 && ticks <= byte.MaxValue)
            {
                delta = (int)ticks;
                return 1;
            }

            if (ticks >= short.MinValue && ticks <= short.MaxValue)
            {
                delta = (int)ticks;
                return 2;
            }

            return -1;
        }

        /// <summary>Moves past the next status.</summary>
        public void Advance()
        {
            if (Index < _arrivals.Length && _arrivals[Index].SequenceNumber == Sequence)
            {
                PreviousTicks = ToTicks(_arrivals[Index].ArrivalTimeMicroseconds);
                Index++;
            }

            Sequence++;
            StatusCount++;
            SkipStale();
        }

        /// <summary>Moves past <paramref name="count"/> statuses known to be "not received".</summary>
        public void SkipNotReceived(int count)
        {
            Sequence += count;
            StatusCount += count;
        }

        /// <summary>Counts (and moves past) up to <paramref name="maximum"/> consecutive statuses equal to <paramref name="symbol"/>.</summary>
        public int CountRun(int symbol, int maximum)
        {
            maximum = Math.Min(maximum, MaxStatusCount - StatusCount);
            if (symbol == 0)
            {
                int gap = Index < _arrivals.Length ? (int)Math.Min(_arrivals[Index].SequenceNumber - Sequence, maximum) : 0;
                SkipNotReceived(gap);
                return gap;
            }

            int run = 0;
            while (run < maximum && Peek(out _) == symbol)
            {
                Advance();
                run++;
            }

            return run;
        }

        private void SkipStale()
        {
            while (Index < _arrivals.Length && _arrivals[Index].SequenceNumber < Sequence)
            {
                Index++;
            }
        }
    }
}
