using System.Runtime.InteropServices;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// The send side's chunk state (RFC 9260 6.1-6.3, RFC 3758): messages queued as pooled fragments, TSN and stream
/// sequence assignment, the chunks in flight and their acknowledgement, retransmission marks, RTT sampling (Karn),
/// and partial reliability (abandoning messages and the advanced peer ack point sent with FORWARD TSN).
/// </summary>
/// <remarks>
/// Owned by one <see cref="SctpAssociation"/> and touched only on its thread. Fragments are rented from a pool and
/// recycled when acknowledged: after warm-up nothing is allocated per message. The association decides when data may
/// go (cwnd, the peer's window, timers); each transmission is reported to <see cref="SctpAssociation.OnDataTransmitted"/>.
/// </remarks>
internal sealed class SctpSendQueue
{
    private readonly SctpAssociation _association;
    private readonly SctpRtoEstimator _rto;
    private readonly int _maxFragment;
    private readonly SctpChunkRing<SctpOutboundChunk> _pending = new();
    private readonly SctpChunkRing<SctpOutboundChunk> _inflight = new();
    // Spare chunks by size class: fragments of a small message take a small buffer, others a full fragment's.
    private readonly Stack<SctpOutboundChunk> _chunkPool = new();
    private readonly Stack<SctpOutboundChunk> _smallChunkPool = new();
    private readonly Dictionary<ushort, ushort> _nextOutboundSsn = new();
    private uint _nextTsn;
    private long _messageCounter;
    private long _droppedMessageId = -1;
    private long _ssnMessageId = -1;
    private ushort _ssnOfMessage;
    private bool _rttMeasuring;
    private uint _rttTsn;
    private long _rttSentAtMs;

    /// <summary>Creates the send queue of <paramref name="association"/>.</summary>
    /// <param name="association">Transmissions are reported to it; its stats and partial reliability support are used.</param>
    /// <param name="rto">Receives RTT measurements.</param>
    /// <param name="maxFragment">The largest fragment payload that fits one packet.</param>
    /// <param name="initialTsn">Our initial TSN.</param>
    public SctpSendQueue(SctpAssociation association, SctpRtoEstimator rto, int maxFragment, uint initialTsn)
    {
        _association = association;
        _rto = rto;
        _maxFragment = maxFragment;
        _nextTsn = initialTsn;
        CumulativeAckPoint = initialTsn - 1;
        AdvancedPeerAckPoint = CumulativeAckPoint;
    }

    /// <summary>Bytes queued or in flight and not yet acknowledged.</summary>
    public int BufferedBytes { get; private set; }

    /// <summary>
    /// The buffers of the chunks queued and in flight (what they cost, at least their bytes): bounded, with the
    /// payload bytes, by <see cref="SctpOptions.SendBufferSize"/>, so a send buffer full of small messages holds a
    /// bounded amount of memory too.
    /// </summary>
    public long FootprintBytes { get; private set; }

    /// <summary>Bytes sent and neither acknowledged, abandoned nor marked for retransmission.</summary>
    public int OutstandingBytes { get; private set; }

    /// <summary>Chunks marked for retransmission and not yet resent.</summary>
    public int RetransmitMarks { get; private set; }

    /// <summary>The next TSN to assign.</summary>
    public uint NextTsn => _nextTsn;

    /// <summary>The highest TSN the peer acknowledged cumulatively.</summary>
    public uint CumulativeAckPoint { get; private set; }

    /// <summary>The TSN the peer may skip to over abandoned chunks (RFC 3758 3.5).</summary>
    public uint AdvancedPeerAckPoint { get; private set; }

    /// <summary>Whether a FORWARD TSN should be sent.</summary>
    public bool ForwardTsnDue { get; set; }

    /// <summary>Whether nothing is queued or in flight.</summary>
    public bool IsEmpty => _pending.Count == 0 && _inflight.Count == 0;

    /// <summary>Whether any chunk is in flight.</summary>
    public bool HasInFlight => _inflight.Count > 0;

    /// <summary>Queues a message as fragments copied into pooled chunks.</summary>
    public void Enqueue(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> payload, bool unordered, SctpReliability reliability, long now)
    {
        long messageId = ++_messageCounter;
        int maxRetransmits = reliability.Kind == SctpReliabilityKind.MaxRetransmits ? (int)Math.Min(reliability.Value, int.MaxValue) : -1;
        long expiresAt = reliability.Kind == SctpReliabilityKind.MaxLifetime ? now + reliability.Value : long.MaxValue;
        byte unorderedFlag = unordered ? SctpDataChunk.FlagUnordered : (byte)0;
        int offset = 0;
        while (offset < payload.Length)
        {
            int length = Math.Min(_maxFragment, payload.Length - offset);
            var chunk = RentChunk(length);
            chunk.Fill(payload.Slice(offset, length));
            FootprintBytes += chunk.Capacity;
            chunk.MessageId = messageId;
            chunk.StreamId = streamId;
            chunk.Ppid = payloadProtocolId;
            chunk.Flags = (byte)(unorderedFlag
                | (offset == 0 ? SctpDataChunk.FlagBeginning : 0)
                | (offset + length == payload.Length ? SctpDataChunk.FlagEnd : 0));
            chunk.MaxRetransmits = maxRetransmits;
            chunk.ExpiresAtMs = expiresAt;
            _pending.PushBack(chunk);
            offset += length;
        }

        BufferedBytes += payload.Length;
    }

    /// <summary>Whether data on any of <paramref name="streams"/> is still queued, not yet sent.</summary>
    public bool PendingDataOn(List<ushort> streams)
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            if (streams.Contains(_pending[i].StreamId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An outgoing stream was reset: its next message starts again at sequence number 0.</summary>
    public void ForgetOutboundSequence(ushort streamId) => _nextOutboundSsn.Remove(streamId);

    /// <summary>Adds the chunks marked for retransmission (abandoning exhausted ones) while cwnd and the packet allow.</summary>
    /// <param name="builder">The packet being filled.</param>
    /// <param name="now">The owner's clock.</param>
    /// <param name="ignoreWindow">A fast retransmission is due and goes regardless of cwnd.</param>
    public bool AddRetransmissions(ref SctpPacketBuilder builder, long now, bool ignoreWindow)
    {
        if (RetransmitMarks == 0)
        {
            return false;
        }

        bool added = false;
        for (int i = 0; i < _inflight.Count && RetransmitMarks > 0; i++)
        {
            var chunk = _inflight[i];
            if (!chunk.NeedsRetransmit)
            {
                continue;
            }

            if (_association.PeerSupportsPartialReliability && chunk.IsExhausted(now))
            {
                AbandonMessage(chunk);
                continue;
            }

            if (OutstandingBytes >= _association.CongestionWindow && !ignoreWindow)
            {
                break;
            }

            if (SctpPacket.Pad4(SctpDataChunk.Overhead + chunk.Length) > builder.Remaining)
            {
                break;
            }

            chunk.NeedsRetransmit = false;
            RetransmitMarks--;
            Transmit(ref builder, chunk, now);
            _association.Stats.Retransmissions++;
            added = true;
        }

        UpdateAdvancedPeerAckPoint();
        return added;
    }

    public bool AddNewData(ref SctpPacketBuilder builder, long now)
    {
        bool added = false;
        while (_pending.Count > 0)
        {
            var chunk = _pending.Front;
            if (chunk.MessageId == _droppedMessageId)
            {
                _pending.PopFront();
                BufferedBytes -= chunk.Length;
                Recycle(chunk);
                continue;
            }

            if (chunk.IsBeginning && now >= chunk.ExpiresAtMs && _association.PeerSupportsPartialReliability)
            {
                // Its lifetime ended before it was ever sent: drop the whole message, nothing to skip at the peer.
                _droppedMessageId = chunk.MessageId;
                _association.Stats.AbandonedMessages++;
                continue;
            }

            if (OutstandingBytes >= _association.CongestionWindow || (_association.PeerReceiveWindow < chunk.Length && OutstandingBytes > 0))
            {
                break;
            }

            if (SctpPacket.Pad4(SctpDataChunk.Overhead + chunk.Length) > builder.Remaining)
            {
                break;
            }

            _pending.PopFront();
            if (chunk.IsBeginning)
            {
                _ssnMessageId = chunk.MessageId;
                _ssnOfMessage = 0;
                if (!chunk.IsUnordered)
                {
                    ref ushort next = ref CollectionsMarshal.GetValueRefOrAddDefault(_nextOutboundSsn, chunk.StreamId, out _);
                    _ssnOfMessage = next;
                    next++;
                }
            }

            chunk.Ssn = chunk.MessageId == _ssnMessageId ? _ssnOfMessage : (ushort)0;
            chunk.Tsn = _nextTsn++;
            _inflight.PushBack(chunk);
            Transmit(ref builder, chunk, now);
            _association.Stats.DataChunksSent++;
            added = true;
        }

        return added;
    }

    private void Transmit(ref SctpPacketBuilder builder, SctpOutboundChunk chunk, long now)
    {
        builder.TryAddData(chunk.Flags, chunk.Tsn, chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.Payload);
        chunk.Transmissions++;
        chunk.SentAtMs = now;
        chunk.MissIndications = 0;
        if (!chunk.Outstanding)
        {
            chunk.Outstanding = true;
            OutstandingBytes += chunk.Length;
        }

        _association.OnDataTransmitted(chunk.Length, now);

        if (chunk.Transmissions == 1)
        {
            if (!_rttMeasuring)
            {
                _rttMeasuring = true;
                _rttTsn = chunk.Tsn;
                _rttSentAtMs = now;
            }
        }
        else if (_rttMeasuring && chunk.Tsn == _rttTsn)
        {
            _rttMeasuring = false; // Karn: never measure a retransmitted chunk
        }
    }

    /// <summary>Marks the chunks in the SACK's gap blocks acknowledged; returns the bytes newly acknowledged.</summary>
    /// <param name="sack">The SACK.</param>
    /// <param name="highestGapAcked">The highest TSN acknowledged, the cumulative TSN when no gap block acknowledged more.</param>
    public int AcknowledgeGapBlocks(in SctpSackChunk sack, ref uint highestGapAcked)
    {
        int bytesAcked = 0;
        for (int i = 0; i < sack.GapBlockCount; i++)
        {
            var (start, end) = sack.GetGapBlock(i);
            for (int offset = start; offset <= end; offset++)
            {
                int index = offset - 1;
                if (index >= _inflight.Count)
                {
                    break;
                }

                var gapChunk = _inflight[index];
                if (gapChunk.GapAcked)
                {
                    continue;
                }

                gapChunk.GapAcked = true;
                if (gapChunk.NeedsRetransmit)
                {
                    gapChunk.NeedsRetransmit = false;
                    RetransmitMarks--;
                }

                if (!gapChunk.Abandoned)
                {
                    bytesAcked += gapChunk.Length;
                }

                Unoutstand(gapChunk);
                if (SctpTsn.Greater(gapChunk.Tsn, highestGapAcked))
                {
                    highestGapAcked = gapChunk.Tsn;
                }
            }
        }

        return bytesAcked;
    }

    /// <summary>Releases every in-flight chunk up to <paramref name="cum"/>; returns the bytes newly acknowledged.</summary>
    public int AcknowledgeCumulative(uint cum, long now)
    {
        int bytesAcked = 0;
        while (_inflight.Count > 0 && SctpTsn.LessOrEqual(_inflight.Front.Tsn, cum))
        {
            var chunk = _inflight.PopFront();
            if (!chunk.GapAcked && !chunk.Abandoned)
            {
                bytesAcked += chunk.Length;
            }

            if (chunk.NeedsRetransmit)
            {
                RetransmitMarks--;
            }

            if (_rttMeasuring && chunk.Tsn == _rttTsn)
            {
                _rttMeasuring = false;
                if (chunk.Transmissions == 1)
                {
                    _rto.AddMeasurement(now - _rttSentAtMs);
                }
            }

            Unoutstand(chunk);
            BufferedBytes -= chunk.Length;
            Recycle(chunk);
        }

        if (SctpTsn.Greater(cum, CumulativeAckPoint))
        {
            CumulativeAckPoint = cum;
        }

        if (SctpTsn.Less(AdvancedPeerAckPoint, CumulativeAckPoint))
        {
            AdvancedPeerAckPoint = CumulativeAckPoint;
        }

        return bytesAcked;
    }

    /// <summary>RFC 9260 7.2.4: a chunk reported missing by three SACKs is fast-retransmitted once. True when any was marked.</summary>
    public bool CountMissIndications(uint highestGapAcked, long now)
    {
        bool retransmit = false;
        for (int i = 0; i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (!SctpTsn.Less(chunk.Tsn, highestGapAcked))
            {
                break;
            }

            if (chunk.GapAcked || chunk.Abandoned || chunk.NeedsRetransmit || chunk.FastRetransmitted)
            {
                continue;
            }

            if (++chunk.MissIndications < 3)
            {
                continue;
            }

            if (_association.PeerSupportsPartialReliability && chunk.IsExhausted(now))
            {
                AbandonMessage(chunk);
                continue;
            }

            chunk.FastRetransmitted = true;
            MarkForRetransmission(chunk);
            _association.Stats.FastRetransmissions++;
            retransmit = true;
        }

        return retransmit;
    }

    /// <summary>T3-rtx expired: stop the RTT sample and mark (or abandon) everything outstanding.</summary>
    public void OnRetransmissionTimeout(long now)
    {
        _rttMeasuring = false;
        for (int i = 0; i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (chunk.GapAcked || chunk.Abandoned || chunk.NeedsRetransmit)
            {
                continue;
            }

            if (_association.PeerSupportsPartialReliability && chunk.IsExhausted(now))
            {
                AbandonMessage(chunk);
            }
            else
            {
                MarkForRetransmission(chunk);
            }
        }

        UpdateAdvancedPeerAckPoint();
        if (SctpTsn.Greater(AdvancedPeerAckPoint, CumulativeAckPoint))
        {
            ForwardTsnDue = true; // the last FORWARD TSN may have been lost too
        }
    }

    private void MarkForRetransmission(SctpOutboundChunk chunk)
    {
        chunk.NeedsRetransmit = true;
        RetransmitMarks++;
        Unoutstand(chunk);
    }

    private void Unoutstand(SctpOutboundChunk chunk)
    {
        if (chunk.Outstanding)
        {
            chunk.Outstanding = false;
            OutstandingBytes -= chunk.Length;
        }
    }

    /// <summary>RFC 3758 3.5 A3: abandon every fragment of the chunk's message, sent or not.</summary>
    private void AbandonMessage(SctpOutboundChunk chunk)
    {
        long messageId = chunk.MessageId;
        for (int i = 0; i < _inflight.Count; i++)
        {
            var other = _inflight[i];
            if (other.MessageId != messageId || other.Abandoned)
            {
                continue;
            }

            other.Abandoned = true;
            if (other.NeedsRetransmit)
            {
                other.NeedsRetransmit = false;
                RetransmitMarks--;
            }

            Unoutstand(other);
        }

        if (_pending.Count > 0 && _pending.Front.MessageId == messageId)
        {
            _droppedMessageId = messageId;
        }

        _association.Stats.AbandonedMessages++;
    }

    /// <summary>RFC 3758 3.5 C1-C3: move the advanced peer ack point over abandoned chunks; FORWARD TSN if it moved.</summary>
    public void UpdateAdvancedPeerAckPoint()
    {
        if (SctpTsn.Less(AdvancedPeerAckPoint, CumulativeAckPoint))
        {
            AdvancedPeerAckPoint = CumulativeAckPoint;
        }

        for (int i = (int)(AdvancedPeerAckPoint - CumulativeAckPoint); i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (!chunk.Abandoned)
            {
                break;
            }

            AdvancedPeerAckPoint = chunk.Tsn;
            ForwardTsnDue = true;
        }

        if (ForwardTsnDue && !SctpTsn.Greater(AdvancedPeerAckPoint, CumulativeAckPoint))
        {
            ForwardTsnDue = false;
        }
    }

    /// <summary>FORWARD TSN up to the advanced peer ack point, naming the last skipped sequence number of each ordered stream.</summary>
    public void AddForwardTsn(ref SctpPacketBuilder builder)
    {
        Span<SctpStreamSequence> streams = stackalloc SctpStreamSequence[32];
        int count = 0;
        uint newCumulative = CumulativeAckPoint;
        for (int i = 0; i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (SctpTsn.Greater(chunk.Tsn, AdvancedPeerAckPoint))
            {
                break;
            }

            if (chunk.Abandoned && !chunk.IsUnordered)
            {
                int found = -1;
                for (int s = 0; s < count; s++)
                {
                    if (streams[s].StreamId == chunk.StreamId)
                    {
                        found = s;
                        break;
                    }
                }

                if (found >= 0)
                {
                    streams[found] = new SctpStreamSequence(chunk.StreamId, chunk.Ssn);
                }
                else if (count < streams.Length)
                {
                    streams[count++] = new SctpStreamSequence(chunk.StreamId, chunk.Ssn);
                }
                else
                {
                    break; // too many streams for one chunk: skip up to here now, the rest next time
                }
            }

            newCumulative = chunk.Tsn;
        }

        if (builder.TryAddForwardTsn(newCumulative, streams[..count]))
        {
            ForwardTsnDue = false;
            _association.Stats.ForwardTsnSent++;
        }
    }
    private SctpOutboundChunk RentChunk(int length)
    {
        if (length <= SctpOutboundChunk.SmallCapacity)
        {
            return _smallChunkPool.Count > 0 ? _smallChunkPool.Pop() : new SctpOutboundChunk(SctpOutboundChunk.SmallCapacity);
        }

        return _chunkPool.Count > 0 ? _chunkPool.Pop() : new SctpOutboundChunk(_maxFragment);
    }

    private void Recycle(SctpOutboundChunk chunk)
    {
        FootprintBytes -= chunk.Capacity;
        chunk.Reset();
        (chunk.Capacity == SctpOutboundChunk.SmallCapacity ? _smallChunkPool : _chunkPool).Push(chunk);
    }

    /// <summary>Frees every queued, in-flight and held buffer (the association ended)..</summary>
    public void ReleaseAll()
    {
        while (_pending.Count > 0)
        {
            Recycle(_pending.PopFront());
        }

        while (_inflight.Count > 0)
        {
            Recycle(_inflight.PopFront());
        }

        BufferedBytes = 0;
        FootprintBytes = 0;
        OutstandingBytes = 0;
        RetransmitMarks = 0;
        _chunkPool.Clear();
        _smallChunkPool.Clear();
    }
}
