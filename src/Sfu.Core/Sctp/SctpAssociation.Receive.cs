using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// The receive side: TSN tracking and SACKs (RFC 9260 6.2), reassembly of fragments (6.9), ordered and unordered
/// delivery per stream (6.6), the receiver window, and FORWARD TSN (RFC 3758 3.6).
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly SctpTsnTracker _tsns = new();
    private readonly Dictionary<ushort, SctpInboundStream> _inboundStreams = new();
    private readonly List<SctpInboundFragment> _unorderedHeld = new(8);
    private readonly Stack<SctpInboundFragment> _fragmentPool = new();
    private readonly uint[] _duplicates = new uint[MaxDuplicatesReported];
    private byte[] _reassembly = [];
    private int _duplicateCount;
    private int _heldBytes;
    private int _packetsSinceSack;
    private bool _sackDue;
    private bool _sackImmediately;
    private long _delayedAckAtMs = long.MaxValue;

    /// <summary>Bytes held for reassembly or ordering.</summary>
    public int HeldBytes => _heldBytes;

    private int ReceiveWindow() => Math.Max(0, _options.ReceiveBufferSize - _heldBytes - _applicationHeldBytes);

    private bool HandleData(SctpChunk raw, long now)
    {
        if (SctpDataChunk.TryParse(raw.Flags, raw.Value, out var data) != SctpParseError.None)
        {
            // RFC 9260 6.2: DATA without user data is a protocol violation; the peer will retransmit a real one.
            Drop(SctpDropReason.Malformed);
            return false;
        }

        if (State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return true;
        }

        uint tsn = data.Tsn;
        if (_tsns.IsReceived(tsn))
        {
            Stats.DuplicateTsnsReceived++;
            if (_duplicateCount < _duplicates.Length)
            {
                _duplicates[_duplicateCount++] = tsn;
            }

            _sackImmediately = true;
            return true;
        }

        if (!_tsns.InWindow(tsn))
        {
            Drop(SctpDropReason.OutOfWindow);
            return true;
        }

        if (data.StreamId >= InboundStreams)
        {
            // Acknowledged (so the peer does not retransmit forever) but not delivered.
            _tsns.Mark(tsn);
            Drop(SctpDropReason.InvalidStream);
            return true;
        }

        int size = data.UserData.Length;
        bool fillsGap = tsn == _tsns.Cumulative + 1;
        bool fits = _heldBytes + size <= _options.ReceiveBufferSize
            || (fillsGap && _heldBytes + size <= _options.ReceiveBufferSize + _options.MaxInboundMessageSize);
        if (!fits)
        {
            Drop(SctpDropReason.ReceiveBufferFull);
            _sackImmediately = true;
            return true;
        }

        _tsns.Mark(tsn);
        Stats.BytesReceived += size;
        if (data.IsBeginning && data.IsEnd)
        {
            if (data.IsUnordered)
            {
                Deliver(data.StreamId, data.PayloadProtocolId, data.UserData);
                return true;
            }

            var stream = InboundStream(data.StreamId);
            if (data.StreamSequenceNumber == stream.NextSsn && stream.Held.Count == 0)
            {
                stream.NextSsn++;
                Deliver(data.StreamId, data.PayloadProtocolId, data.UserData);
                return true;
            }
        }

        var fragment = _fragmentPool.Count > 0 ? _fragmentPool.Pop() : new SctpInboundFragment();
        fragment.Fill(data);
        _heldBytes += size;
        if (data.IsUnordered)
        {
            int index = InsertByTsn(_unorderedHeld, fragment);
            return TryDeliverUnordered(index);
        }

        var ordered = InboundStream(data.StreamId);
        InsertByTsn(ordered.Held, fragment);
        return TryDeliverOrdered(ordered);
    }

    private void Deliver(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        Stats.MessagesReceived++;
        _listener.OnSctpMessage(streamId, ppid, payload);
    }

    private SctpInboundStream InboundStream(ushort streamId)
    {
        if (!_inboundStreams.TryGetValue(streamId, out var stream))
        {
            stream = new SctpInboundStream();
            _inboundStreams.Add(streamId, stream);
        }

        return stream;
    }

    private static int InsertByTsn(List<SctpInboundFragment> list, SctpInboundFragment fragment)
    {
        int index = list.Count;
        while (index > 0 && SctpTsn.Greater(list[index - 1].Tsn, fragment.Tsn))
        {
            index--;
        }

        list.Insert(index, fragment);
        return index;
    }

    /// <summary>Delivers every complete message at the head of an ordered stream, in sequence.</summary>
    private bool TryDeliverOrdered(SctpInboundStream stream)
    {
        var held = stream.Held;
        while (held.Count > 0)
        {
            var first = held[0];
            if (SctpTsn.SsnGreater(stream.NextSsn, first.Ssn))
            {
                // Stale (skipped by FORWARD TSN, or a peer reusing a sequence number): never deliverable.
                RemoveFragments(held, 0, 1);
                continue;
            }

            if (first.Ssn != stream.NextSsn || !first.IsBeginning)
            {
                return true;
            }

            int end = FindMessageEnd(held, 0, out bool complete, out int total);
            if (total > _options.MaxInboundMessageSize)
            {
                AbortWith(SctpCloseReason.ProtocolViolation, SctpErrorCause.ProtocolViolation);
                return false;
            }

            if (!complete)
            {
                return true;
            }

            stream.NextSsn++;
            DeliverAssembled(held, 0, end, total);
            if (State == SctpAssociationState.Closed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Delivers the unordered message the fragment at <paramref name="index"/> completes, if it does.</summary>
    private bool TryDeliverUnordered(int index)
    {
        int start = index;
        while (!_unorderedHeld[start].IsBeginning && start > 0
            && _unorderedHeld[start - 1].Tsn == _unorderedHeld[start].Tsn - 1
            && _unorderedHeld[start - 1].StreamId == _unorderedHeld[start].StreamId)
        {
            start--;
        }

        if (!_unorderedHeld[start].IsBeginning)
        {
            return true;
        }

        int end = FindMessageEnd(_unorderedHeld, start, out bool complete, out int total);
        if (total > _options.MaxInboundMessageSize)
        {
            AbortWith(SctpCloseReason.ProtocolViolation, SctpErrorCause.ProtocolViolation);
            return false;
        }

        if (complete)
        {
            DeliverAssembled(_unorderedHeld, start, end, total);
        }

        return State != SctpAssociationState.Closed;
    }

    /// <summary>From a B fragment, follows consecutive TSNs of the same stream to the E fragment.</summary>
    private static int FindMessageEnd(List<SctpInboundFragment> list, int start, out bool complete, out int total)
    {
        var first = list[start];
        total = first.Length;
        int i = start;
        while (!list[i].IsEnd)
        {
            if (i + 1 >= list.Count || list[i + 1].Tsn != list[i].Tsn + 1 || list[i + 1].StreamId != first.StreamId || list[i + 1].IsBeginning)
            {
                complete = false;
                return i;
            }

            i++;
            total += list[i].Length;
        }

        complete = true;
        return i;
    }

    private void DeliverAssembled(List<SctpInboundFragment> list, int start, int end, int total)
    {
        var first = list[start];
        ushort streamId = first.StreamId;
        uint ppid = first.Ppid;
        if (_reassembly.Length < total)
        {
            _reassembly = new byte[Math.Min(Math.Max((int)BitOperationsRoundUp(total), 4096), Math.Max(_options.MaxInboundMessageSize, total))];
        }

        int offset = 0;
        for (int i = start; i <= end; i++)
        {
            var fragment = list[i];
            fragment.Data.AsSpan(0, fragment.Length).CopyTo(_reassembly.AsSpan(offset));
            offset += fragment.Length;
        }

        RemoveFragments(list, start, end - start + 1);
        Deliver(streamId, ppid, _reassembly.AsSpan(0, total));
    }

    private static uint BitOperationsRoundUp(int value) => System.Numerics.BitOperations.RoundUpToPowerOf2((uint)value);

    private void RemoveFragments(List<SctpInboundFragment> list, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            _heldBytes -= list[i].Length;
            _fragmentPool.Push(list[i]);
        }

        list.RemoveRange(start, count);
    }

    private void ReleaseHeldFragments()
    {
        foreach (var stream in _inboundStreams.Values)
        {
            RemoveFragments(stream.Held, 0, stream.Held.Count);
        }

        RemoveFragments(_unorderedHeld, 0, _unorderedHeld.Count);
        _heldBytes = 0;
    }

    /// <summary>RFC 9260 6.2: SACK at once on gaps or duplicates, else every second packet or after the delayed-ack time.</summary>
    private void ScheduleSack(long now)
    {
        _packetsSinceSack++;
        if (_sackImmediately || _tsns.HasGaps || _packetsSinceSack >= 2 || _options.DelayedAckMs == 0)
        {
            _sackDue = true;
            _sackImmediately = false;
        }
        else if (_delayedAckAtMs == long.MaxValue)
        {
            _delayedAckAtMs = now + _options.DelayedAckMs;
        }
    }

    private void AddSack(ref SctpPacketBuilder builder)
    {
        Span<SctpGapBlock> gaps = stackalloc SctpGapBlock[MaxGapBlocks];
        int gapCount = _tsns.WriteGapBlocks(gaps);
        if (builder.TryAddSack(_tsns.Cumulative, (uint)ReceiveWindow(), gaps[..gapCount], _duplicates.AsSpan(0, _duplicateCount)))
        {
            _sackDue = false;
            _delayedAckAtMs = long.MaxValue;
            _duplicateCount = 0;
            _packetsSinceSack = 0;
            Stats.SacksSent++;
        }
    }

    /// <summary>RFC 3758 3.6: treat everything up to the new cumulative TSN as received and skip the named messages.</summary>
    private bool HandleForwardTsn(SctpChunk chunk, long now)
    {
        if (SctpForwardTsnChunk.TryParse(chunk.Value, out var forward) != SctpParseError.None)
        {
            Drop(SctpDropReason.Malformed);
            return false;
        }

        if (State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return true;
        }

        Stats.ForwardTsnReceived++;
        _sackDue = true;
        uint newCumulative = forward.NewCumulativeTsn;
        if (SctpTsn.Greater(newCumulative, _tsns.Cumulative) && newCumulative - _tsns.Cumulative > SctpTsnTracker.Window * 4u)
        {
            Drop(SctpDropReason.OutOfWindow);
            return true;
        }

        // Fragments up to the new cumulative TSN can never complete: drop them, even when the cumulative TSN already
        // passed it (a skipped message whose sent fragments all arrived while the rest was never sent).
        _tsns.ForwardTo(newCumulative);
        for (int i = _unorderedHeld.Count - 1; i >= 0; i--)
        {
            if (SctpTsn.LessOrEqual(_unorderedHeld[i].Tsn, newCumulative))
            {
                RemoveFragments(_unorderedHeld, i, 1);
            }
        }

        for (int i = 0; i < forward.StreamCount; i++)
        {
            var (streamId, ssn) = forward.GetStream(i);
            if (streamId >= InboundStreams)
            {
                continue;
            }

            if (!SkipOrderedUpTo(InboundStream(streamId), ssn, newCumulative))
            {
                return false;
            }
        }

        ApplyDeferredResets();
        return true;
    }

    /// <summary>
    /// RFC 3758 3.6 for one ordered stream: messages up to <paramref name="lastSkipped"/> are delivered when complete and
    /// dropped when not (their missing parts were abandoned); the stream then continues after it.
    /// </summary>
    private bool SkipOrderedUpTo(SctpInboundStream stream, ushort lastSkipped, uint newCumulative)
    {
        var held = stream.Held;
        while (held.Count > 0 && !SctpTsn.SsnGreater(held[0].Ssn, lastSkipped))
        {
            var first = held[0];
            int end = FindMessageEnd(held, 0, out bool complete, out int total);
            if (complete && first.IsBeginning && total <= _options.MaxInboundMessageSize)
            {
                stream.NextSsn = (ushort)(first.Ssn + 1);
                DeliverAssembled(held, 0, end, total);
                if (State == SctpAssociationState.Closed)
                {
                    return false;
                }
            }
            else if (SctpTsn.LessOrEqual(first.Tsn, newCumulative) || SctpTsn.SsnGreater(stream.NextSsn, first.Ssn))
            {
                RemoveFragments(held, 0, 1);
            }
            else
            {
                break;
            }
        }

        if (!SctpTsn.SsnGreater(stream.NextSsn, (ushort)(lastSkipped + 1)))
        {
            stream.NextSsn = (ushort)(lastSkipped + 1);
        }

        return TryDeliverOrdered(stream);
    }
}
