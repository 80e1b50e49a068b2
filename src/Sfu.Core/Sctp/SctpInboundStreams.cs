using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// The receive side's message state (RFC 9260 6.6, 6.9): reassembly of fragments, ordered delivery per stream and
/// unordered delivery, the bytes held for them, and skipping abandoned messages on FORWARD TSN (RFC 3758 3.6).
/// </summary>
/// <remarks>
/// Owned by one <see cref="SctpAssociation"/> and touched only on its thread. Fragments live in pooled buffers and the
/// reassembly buffer grows to the largest message seen: after warm-up nothing is allocated per message.
/// Complete messages go to <see cref="SctpAssociation.DeliverMessage"/>; a message over the inbound limit aborts the
/// association (<see cref="SctpAssociation.AbortOversizedMessage"/>).
/// </remarks>
internal sealed class SctpInboundStreams
{
    private readonly SctpAssociation _association;
    private readonly int _maxMessageSize;
    private readonly Dictionary<ushort, SctpInboundStream> _streams = new();
    private readonly List<SctpInboundFragment> _unorderedHeld = new(8);
    private readonly Stack<SctpInboundFragment> _fragmentPool = new();
    private byte[] _reassembly = [];

    /// <summary>Creates the inbound streams of <paramref name="association"/>.</summary>
    /// <param name="association">Receives complete messages.</param>
    /// <param name="maxMessageSize">The largest message accepted (<see cref="SctpOptions.MaxInboundMessageSize"/>).</param>
    public SctpInboundStreams(SctpAssociation association, int maxMessageSize)
    {
        _association = association;
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>Bytes held for reassembly or ordering.</summary>
    public int HeldBytes { get; private set; }

    /// <summary>
    /// Delivers a whole message straight from the packet when nothing has to wait for it: unordered, or the next in
    /// sequence on a stream with nothing held. False when it must be held (<see cref="Hold"/>).
    /// </summary>
    public bool TryDeliverWhole(in SctpDataChunk data)
    {
        if (!data.IsBeginning || !data.IsEnd)
        {
            return false;
        }

        if (!data.IsUnordered)
        {
            var stream = Stream(data.StreamId);
            if (data.StreamSequenceNumber != stream.NextSsn || stream.Held.Count != 0)
            {
                return false;
            }

            stream.NextSsn++;
        }

        _association.DeliverMessage(data.StreamId, data.PayloadProtocolId, data.UserData);
        return true;
    }

    /// <summary>Holds a fragment or an out-of-order message and delivers what it completes; false when the association closed.</summary>
    public bool Hold(in SctpDataChunk data)
    {
        var fragment = _fragmentPool.Count > 0 ? _fragmentPool.Pop() : new SctpInboundFragment();
        fragment.Fill(data);
        HeldBytes += data.UserData.Length;
        if (data.IsUnordered)
        {
            int index = InsertByTsn(_unorderedHeld, fragment);
            return TryDeliverUnordered(index);
        }

        var ordered = Stream(data.StreamId);
        InsertByTsn(ordered.Held, fragment);
        return TryDeliverOrdered(ordered);
    }

    /// <summary>
    /// RFC 3758 3.6: unordered fragments up to <paramref name="newCumulative"/> can never complete: drops them, even when
    /// the cumulative TSN already passed it (a skipped message whose sent fragments all arrived while the rest was never sent).
    /// </summary>
    public void DropUnorderedUpTo(uint newCumulative)
    {
        for (int i = _unorderedHeld.Count - 1; i >= 0; i--)
        {
            if (SctpTsn.LessOrEqual(_unorderedHeld[i].Tsn, newCumulative))
            {
                RemoveFragments(_unorderedHeld, i, 1);
            }
        }
    }

    /// <summary>
    /// RFC 3758 3.6 for one ordered stream: messages up to <paramref name="lastSkipped"/> are delivered when complete and
    /// dropped when not (their missing parts were abandoned); the stream then continues after it. False when the
    /// association closed.
    /// </summary>
    public bool SkipOrderedUpTo(ushort streamId, ushort lastSkipped, uint newCumulative)
    {
        var stream = Stream(streamId);
        var held = stream.Held;
        while (held.Count > 0 && !SctpTsn.SsnGreater(held[0].Ssn, lastSkipped))
        {
            var first = held[0];
            int end = FindMessageEnd(held, 0, out bool complete, out int total);
            if (complete && first.IsBeginning && total <= _maxMessageSize)
            {
                stream.NextSsn = (ushort)(first.Ssn + 1);
                if (!DeliverAssembled(held, 0, end, total))
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

    /// <summary>
    /// RFC 6525 incoming reset: drops what is held on <paramref name="streamIds"/> and restarts their sequence numbers;
    /// an empty list means every stream seen, and is filled with them.
    /// </summary>
    public void Reset(List<ushort> streamIds)
    {
        if (streamIds.Count == 0)
        {
            streamIds.AddRange(_streams.Keys);
        }

        foreach (ushort id in streamIds)
        {
            if (_streams.TryGetValue(id, out var stream))
            {
                RemoveFragments(stream.Held, 0, stream.Held.Count);
                stream.NextSsn = 0;
            }
        }
    }

    /// <summary>Frees every held fragment and the pool (the association ended).</summary>
    public void Release()
    {
        foreach (var stream in _streams.Values)
        {
            RemoveFragments(stream.Held, 0, stream.Held.Count);
        }

        RemoveFragments(_unorderedHeld, 0, _unorderedHeld.Count);
        HeldBytes = 0;
        _fragmentPool.Clear();
    }

    private SctpInboundStream Stream(ushort streamId)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new SctpInboundStream();
            _streams.Add(streamId, stream);
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
            if (total > _maxMessageSize)
            {
                _association.AbortOversizedMessage();
                return false;
            }

            if (!complete)
            {
                return true;
            }

            stream.NextSsn++;
            if (!DeliverAssembled(held, 0, end, total))
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
        if (total > _maxMessageSize)
        {
            _association.AbortOversizedMessage();
            return false;
        }

        return !complete || DeliverAssembled(_unorderedHeld, start, end, total);
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

    /// <summary>Copies a complete message out of its fragments and delivers it; false when the association closed.</summary>
    private bool DeliverAssembled(List<SctpInboundFragment> list, int start, int end, int total)
    {
        var first = list[start];
        ushort streamId = first.StreamId;
        uint ppid = first.Ppid;
        if (_reassembly.Length < total)
        {
            _reassembly = new byte[Math.Min(Math.Max((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)total), 4096), Math.Max(_maxMessageSize, total))];
        }

        int offset = 0;
        for (int i = start; i <= end; i++)
        {
            var fragment = list[i];
            fragment.Data.AsSpan(0, fragment.Length).CopyTo(_reassembly.AsSpan(offset));
            offset += fragment.Length;
        }

        RemoveFragments(list, start, end - start + 1);
        return _association.DeliverMessage(streamId, ppid, _reassembly.AsSpan(0, total));
    }

    private void RemoveFragments(List<SctpInboundFragment> list, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            HeldBytes -= list[i].Length;
            _fragmentPool.Push(list[i]);
        }

        list.RemoveRange(start, count);
    }
}
