using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>The send side: queueing messages as fragments, assigning TSNs, and filling packets within cwnd and rwnd.</summary>
public sealed partial class SctpAssociation
{
    private readonly SctpSendQueue _sendQueue;
    private readonly SctpCongestionControl _congestion;
    private int _peerRwnd;
    private bool _fastRetransmitPending;
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

        // The payload bytes, and what their chunks' buffers cost (small messages take a small buffer each): a receiver
        // that stopped reading holds at most about twice the send buffer, whatever the size of the messages.
        if (_sendQueue.BufferedBytes + payload.Length > _options.SendBufferSize
            || _sendQueue.FootprintBytes + payload.Length > 2L * _options.SendBufferSize)
        {
            return SctpSendResult.BufferFull;
        }

        long now = _clock();
        _sendQueue.Enqueue(streamId, payloadProtocolId, payload, unordered, reliability, now);
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
    internal void Flush(long now)
    {
        if (_flushing || !_handshake.PeerTagKnown || State is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return;
        }

        bool dataAllowed = State is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived;
        _flushing = true;
        try
        {
            while (State != SctpAssociationState.Closed)
            {
                var builder = NewPacket();
                if (_sack.Due)
                {
                    AddSack(ref builder);
                }

                if (_sendQueue.ForwardTsnDue)
                {
                    _sendQueue.AddForwardTsn(ref builder);
                }

                _streamReset.AddTo(ref builder, now);
                bool data = false;
                if (dataAllowed)
                {
                    if (_sendQueue.AddRetransmissions(ref builder, now, _fastRetransmitPending))
                    {
                        _fastRetransmitPending = false;
                        data = true;
                    }

                    data |= _sendQueue.AddNewData(ref builder, now);
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

    /// <summary>Whether nothing is queued or in flight (a shutdown may go on).</summary>
    internal bool SendQueueEmpty => _sendQueue.IsEmpty;

    /// <summary>The peer's receive window left after what is in flight.</summary>
    internal int PeerReceiveWindow => _peerRwnd;

    /// <summary>A DATA chunk of <paramref name="length"/> bytes went out: shrink the peer's window and start T3-rtx.</summary>
    internal void OnDataTransmitted(int length, long now)
    {
        _peerRwnd = Math.Max(0, _peerRwnd - length);
        if (_t3AtMs == long.MaxValue)
        {
            _t3AtMs = now + _rto.RtoMs;
        }
    }

    /// <summary>Frees every queued, in-flight and held buffer (the association ended).</summary>
    private void ReleaseAll()
    {
        _sendQueue.ReleaseAll();
        _inbound.Release();
    }
}
