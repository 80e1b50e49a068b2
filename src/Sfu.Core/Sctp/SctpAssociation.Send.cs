using System.Runtime.InteropServices;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>The send side: queueing messages as fragments, assigning TSNs, and filling packets within cwnd and rwnd.</summary>
public sealed partial class SctpAssociation
{
    private readonly SctpChunkRing<SctpOutboundChunk> _pending = new();
    private readonly SctpChunkRing<SctpOutboundChunk> _inflight = new();
    private readonly Stack<SctpOutboundChunk> _chunkPool = new();
    private readonly Dictionary<ushort, ushort> _nextOutboundSsn = new();
    private readonly SctpCongestionControl _congestion;
    private int _bufferedBytes;
    private int _outstandingBytes;
    private int _peerRwnd;
    private uint _nextTsn;
    private long _messageCounter;
    private long _droppedMessageId = -1;
    private long _ssnMessageId = -1;
    private ushort _ssnOfMessage;
    private int _retransmitMarks;
    private bool _fastRetransmitPending;
    private bool _rttMeasuring;
    private uint _rttTsn;
    private long _rttSentAtMs;
    private long _t3AtMs = long.MaxValue;

    /// <summary>
    /// Queues a message on <paramref name="streamId"/>: copied into pooled fragments at once (the span may be reused
    /// when this returns) and sent as congestion control allows. Messages sent before the association is established
    /// wait for it. Without the peer's FORWARD TSN support a partially reliable message is sent reliably.
    /// </summary>
    public SctpSendResult Send(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> payload, bool unordered = false, SctpReliability reliability = default)
    {
        if (State is not (SctpAssociationState.New or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed or SctpAssociationState.Established))
        {
            return SctpSendResult.NotConnected;
        }

        if (payload.IsEmpty)
        {
            return SctpSendResult.Empty;
        }

        if (payload.Length > _options.MaxOutboundMessageSize)
        {
            return SctpSendResult.MessageTooLarge;
        }

        if (streamId >= _options.Streams || (OutboundStreams > 0 && streamId >= OutboundStreams) || _streamReset.IsResetting(streamId))
        {
            return SctpSendResult.InvalidStream;
        }

        if (_bufferedBytes + payload.Length > _options.SendBufferSize)
        {
            return SctpSendResult.BufferFull;
        }

        long now = _clock();
        long messageId = ++_messageCounter;
        int maxRetransmits = reliability.Kind == SctpReliabilityKind.MaxRetransmits ? (int)Math.Min(reliability.Value, int.MaxValue) : -1;
        long expiresAt = reliability.Kind == SctpReliabilityKind.MaxLifetime ? now + reliability.Value : long.MaxValue;
        byte unorderedFlag = unordered ? SctpDataChunk.FlagUnordered : (byte)0;
        int offset = 0;
        while (offset < payload.Length)
        {
            int length = Math.Min(_maxFragment, payload.Length - offset);
            var chunk = RentChunk();
            payload.Slice(offset, length).CopyTo(chunk.Payload);
            chunk.Length = length;
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

        _bufferedBytes += payload.Length;
        Stats.MessagesSent++;
        Stats.BytesSent += payload.Length;
        if (_processing == 0)
        {
            Flush(now);
        }

        return SctpSendResult.Ok;
    }

    /// <summary>
    /// Sends what is due: SACK, FORWARD TSN, RE-CONFIG, retransmissions, then new data, bundled into as few packets as
    /// the MTU allows, until cwnd or the peer's window is full or nothing is left.
    /// </summary>
    private void Flush(long now)
    {
        if (_flushing || !_peerTagKnown || State is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return;
        }

        bool dataAllowed = State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived;
        _flushing = true;
        try
        {
            while (State != SctpAssociationState.Closed)
            {
                var builder = new SctpPacketBuilder(_packetBuffer, Header());
                if (_sackDue)
                {
                    AddSack(ref builder);
                }

                if (_forwardTsnDue)
                {
                    AddForwardTsn(ref builder);
                }

                _streamReset.AddTo(ref builder, now);
                bool data = false;
                if (dataAllowed)
                {
                    data = AddRetransmissions(ref builder, now);
                    data |= AddNewData(ref builder, now);
                }

                if (builder.IsEmpty)
                {
                    break;
                }

                Emit(ref builder);
                if (!data)
                {
                    break;
                }
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    private bool AddRetransmissions(ref SctpPacketBuilder builder, long now)
    {
        if (_retransmitMarks == 0)
        {
            return false;
        }

        bool added = false;
        for (int i = 0; i < _inflight.Count && _retransmitMarks > 0; i++)
        {
            var chunk = _inflight[i];
            if (!chunk.NeedsRetransmit)
            {
                continue;
            }

            if (PeerSupportsPartialReliability && chunk.IsExhausted(now))
            {
                AbandonMessage(chunk);
                continue;
            }

            if (_outstandingBytes >= _congestion.Window && !_fastRetransmitPending)
            {
                break;
            }

            if (SctpPacket.Pad4(SctpDataChunk.Overhead + chunk.Length) > builder.Remaining)
            {
                break;
            }

            chunk.NeedsRetransmit = false;
            _retransmitMarks--;
            Transmit(ref builder, chunk, now);
            Stats.Retransmissions++;
            added = true;
        }

        if (added)
        {
            _fastRetransmitPending = false;
        }

        UpdateAdvancedPeerAckPoint();
        return added;
    }

    private bool AddNewData(ref SctpPacketBuilder builder, long now)
    {
        bool added = false;
        while (_pending.Count > 0)
        {
            var chunk = _pending.Front;
            if (chunk.MessageId == _droppedMessageId)
            {
                _pending.PopFront();
                _bufferedBytes -= chunk.Length;
                Recycle(chunk);
                continue;
            }

            if (chunk.IsBeginning && now >= chunk.ExpiresAtMs && PeerSupportsPartialReliability)
            {
                // Its lifetime ended before it was ever sent: drop the whole message, nothing to skip at the peer.
                _droppedMessageId = chunk.MessageId;
                Stats.AbandonedMessages++;
                continue;
            }

            if (_outstandingBytes >= _congestion.Window || (_peerRwnd < chunk.Length && _outstandingBytes > 0))
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
            Stats.DataChunksSent++;
            added = true;
        }

        return added;
    }

    private void Transmit(ref SctpPacketBuilder builder, SctpOutboundChunk chunk, long now)
    {
        builder.TryAddData(chunk.Flags, chunk.Tsn, chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.Payload.AsSpan(0, chunk.Length));
        chunk.Transmissions++;
        chunk.SentAtMs = now;
        chunk.MissIndications = 0;
        if (!chunk.Outstanding)
        {
            chunk.Outstanding = true;
            _outstandingBytes += chunk.Length;
        }

        _peerRwnd = Math.Max(0, _peerRwnd - chunk.Length);
        if (_t3AtMs == long.MaxValue)
        {
            _t3AtMs = now + _rto.RtoMs;
        }

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

    private SctpOutboundChunk RentChunk() => _chunkPool.Count > 0 ? _chunkPool.Pop() : new SctpOutboundChunk(_maxFragment);

    private void Recycle(SctpOutboundChunk chunk)
    {
        chunk.Reset();
        _chunkPool.Push(chunk);
    }

    /// <summary>Frees every queued, in-flight and held buffer (the association ended).</summary>
    private void ReleaseAll()
    {
        while (_pending.Count > 0)
        {
            Recycle(_pending.PopFront());
        }

        while (_inflight.Count > 0)
        {
            Recycle(_inflight.PopFront());
        }

        _bufferedBytes = 0;
        _outstandingBytes = 0;
        _retransmitMarks = 0;
        _inbound.Release();
        _chunkPool.Clear();
    }
}
