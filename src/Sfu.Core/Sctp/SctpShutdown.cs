using System.Buffers.Binary;

namespace Sfu.Core.Sctp;

/// <summary>
/// Graceful close (RFC 9260 9.2): SHUTDOWN once our queue is empty, SHUTDOWN ACK once the peer's SHUTDOWN arrived and
/// our queue is empty, SHUTDOWN COMPLETE, with the T2 timer that repeats the last of ours.
/// </summary>
/// <remarks>
/// Owned by one <see cref="SctpAssociation"/> and touched only on its thread. It sends, drops, changes state, closes
/// and acknowledges through the association; the association's state says where the shutdown stands.
/// </remarks>
internal sealed class SctpShutdown
{
    private readonly SctpAssociation _association;
    private readonly SctpRtoEstimator _rto;

    /// <summary>Creates the shutdown of <paramref name="association"/>, whose T2 follows <paramref name="rto"/>.</summary>
    public SctpShutdown(SctpAssociation association, SctpRtoEstimator rto)
    {
        _association = association;
        _rto = rto;
    }

    /// <summary>When T2 (SHUTDOWN or SHUTDOWN ACK retransmission) runs out (owner's clock), or <see cref="long.MaxValue"/>.</summary>
    public long T2AtMs { get; private set; } = long.MaxValue;

    /// <summary>Stops T2 (the association closed).</summary>
    public void Stop() => T2AtMs = long.MaxValue;

    /// <summary>After input or a local shutdown: sends SHUTDOWN or SHUTDOWN ACK once nothing of ours is left to send.</summary>
    public void Progress(long now)
    {
        var state = _association.State;
        if (state == SctpAssociationState.ShutdownPending && _association.SendQueueEmpty)
        {
            SendShutdown(now);
            _association.SetState(SctpAssociationState.ShutdownSent);
        }
        else if (state == SctpAssociationState.ShutdownReceived && _association.SendQueueEmpty)
        {
            SendShutdownAck(now);
            _association.SetState(SctpAssociationState.ShutdownAckSent);
        }
    }

    /// <summary>The peer's SHUTDOWN: its cumulative TSN acknowledges our data; we finish sending, then answer.</summary>
    public bool HandleShutdown(SctpChunk chunk, long now)
    {
        if (chunk.Value.Length != 4)
        {
            _association.Drop(SctpDropReason.Malformed);
            return false;
        }

        uint cum = BinaryPrimitives.ReadUInt32BigEndian(chunk.Value);
        switch (_association.State)
        {
            case SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived:
                _association.AcknowledgeFromShutdown(cum, now);
                _association.SetState(SctpAssociationState.ShutdownReceived);
                return true;
            case SctpAssociationState.ShutdownSent:
                // Both sides shut down at once (RFC 9260 9.2): answer with SHUTDOWN ACK.
                SendShutdownAck(now);
                _association.SetState(SctpAssociationState.ShutdownAckSent);
                return true;
            default:
                return true;
        }
    }

    /// <summary>The peer's SHUTDOWN ACK: SHUTDOWN COMPLETE, and the association is closed.</summary>
    public bool HandleShutdownAck()
    {
        if (_association.State is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            var builder = _association.NewPacket();
            builder.TryAddChunk(SctpChunkType.ShutdownComplete, 0, default);
            _association.Emit(ref builder);
            _association.Close(SctpCloseReason.ShutdownComplete);
            return false;
        }

        _association.Drop(SctpDropReason.UnexpectedChunk);
        return true;
    }

    /// <summary>The peer's SHUTDOWN COMPLETE: the association is closed, if we had sent SHUTDOWN ACK.</summary>
    public bool HandleShutdownComplete()
    {
        if (_association.State == SctpAssociationState.ShutdownAckSent)
        {
            _association.Close(SctpCloseReason.ShutdownComplete);
        }
        else
        {
            _association.Drop(SctpDropReason.UnexpectedChunk);
        }

        return false;
    }

    /// <summary>T2 ran out: our SHUTDOWN or SHUTDOWN ACK again with the RTO backed off, or an abort after too many errors.</summary>
    public void OnT2Expired(long now)
    {
        T2AtMs = long.MaxValue;
        var state = _association.State;
        if (state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        if (_association.CountErrorOverLimit())
        {
            _association.AbortWith(SctpCloseReason.RetransmissionLimit, 0);
            return;
        }

        _rto.BackOff();
        if (state == SctpAssociationState.ShutdownSent)
        {
            SendShutdown(now);
        }
        else
        {
            SendShutdownAck(now);
        }
    }

    private void SendShutdown(long now)
    {
        var builder = _association.NewPacket();
        builder.TryAddShutdown(_association.ReceivedCumulativeTsn);
        _association.Emit(ref builder);
        T2AtMs = now + _rto.RtoMs;
    }

    private void SendShutdownAck(long now)
    {
        var builder = _association.NewPacket();
        builder.TryAddChunk(SctpChunkType.ShutdownAck, 0, default);
        _association.Emit(ref builder);
        T2AtMs = now + _rto.RtoMs;
    }
}
