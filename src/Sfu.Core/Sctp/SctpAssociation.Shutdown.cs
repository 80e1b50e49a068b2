using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>Graceful close (RFC 9260 9.2): SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE, with the T2 timer.</summary>
public sealed partial class SctpAssociation
{
    private long _t2AtMs = long.MaxValue;

    /// <summary>
    /// Closes gracefully: what is queued is still delivered, then SHUTDOWN. Before establishment this aborts.
    /// <see cref="ISctpAssociationListener.OnSctpStateChanged"/> reports <see cref="SctpAssociationState.Closed"/> at the end.
    /// </summary>
    public void Shutdown()
    {
        if (State != SctpAssociationState.Established)
        {
            if (State != SctpAssociationState.Closed && State < SctpAssociationState.Established)
            {
                Abort();
            }

            return;
        }

        SetState(SctpAssociationState.ShutdownPending);
        if (_processing == 0)
        {
            long now = _clock();
            ProgressShutdown(now);
            Flush(now);
        }
    }

    private bool QueuesEmpty => _sendQueue.IsEmpty;

    private void ProgressShutdown(long now)
    {
        if (State == SctpAssociationState.ShutdownPending && QueuesEmpty)
        {
            SendShutdown(now);
            SetState(SctpAssociationState.ShutdownSent);
        }
        else if (State == SctpAssociationState.ShutdownReceived && QueuesEmpty)
        {
            SendShutdownAck(now);
            SetState(SctpAssociationState.ShutdownAckSent);
        }
    }

    private void SendShutdown(long now)
    {
        var builder = new SctpPacketBuilder(_packetBuffer, Header());
        builder.TryAddShutdown(_tsns.Cumulative);
        Emit(ref builder);
        _t2AtMs = now + _rto.RtoMs;
    }

    private void SendShutdownAck(long now)
    {
        var builder = new SctpPacketBuilder(_packetBuffer, Header());
        builder.TryAddChunk(SctpChunkType.ShutdownAck, 0, default);
        Emit(ref builder);
        _t2AtMs = now + _rto.RtoMs;
    }

    private bool HandleShutdown(SctpChunk chunk, long now)
    {
        if (chunk.Value.Length != 4)
        {
            Drop(SctpDropReason.Malformed);
            return false;
        }

        uint cum = BinaryPrimitives.ReadUInt32BigEndian(chunk.Value);
        switch (State)
        {
            case SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived:
                if (!SctpTsn.Less(cum, _sendQueue.CumulativeAckPoint) && !SctpTsn.GreaterOrEqualNext(cum, _sendQueue.NextTsn))
                {
                    _sendQueue.AcknowledgeCumulative(cum, now);
                    _sendQueue.UpdateAdvancedPeerAckPoint();
                    RestartT3(now, true);
                }

                SetState(SctpAssociationState.ShutdownReceived);
                return true;
            case SctpAssociationState.ShutdownSent:
                // Both sides shut down at once (RFC 9260 9.2): answer with SHUTDOWN ACK.
                SendShutdownAck(now);
                SetState(SctpAssociationState.ShutdownAckSent);
                return true;
            default:
                return true;
        }
    }

    private bool HandleShutdownAck(long now)
    {
        if (State is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            var builder = new SctpPacketBuilder(_packetBuffer, Header());
            builder.TryAddChunk(SctpChunkType.ShutdownComplete, 0, default);
            Emit(ref builder);
            Close(SctpCloseReason.ShutdownComplete);
            return false;
        }

        Drop(SctpDropReason.UnexpectedChunk);
        return true;
    }

    private bool HandleShutdownComplete()
    {
        if (State == SctpAssociationState.ShutdownAckSent)
        {
            Close(SctpCloseReason.ShutdownComplete);
        }
        else
        {
            Drop(SctpDropReason.UnexpectedChunk);
        }

        return false;
    }

    private void OnT2Expired(long now)
    {
        _t2AtMs = long.MaxValue;
        if (State is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        if (++_errorCount > _options.MaxRetransmissions)
        {
            AbortWith(SctpCloseReason.RetransmissionLimit, 0);
            return;
        }

        _rto.BackOff();
        if (State == SctpAssociationState.ShutdownSent)
        {
            SendShutdown(now);
        }
        else
        {
            SendShutdownAck(now);
        }
    }
}
