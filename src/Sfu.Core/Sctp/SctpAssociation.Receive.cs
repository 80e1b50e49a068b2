using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// The receive side: TSN tracking (SACK timing is <see cref="SctpSackScheduler"/>'s, RFC 9260 6.2), reassembly of fragments (6.9), ordered and unordered
/// delivery per stream (6.6), the receiver window, and FORWARD TSN (RFC 3758 3.6).
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly SctpTsnTracker _tsns = new();
    private readonly SctpInboundStreams _inbound;
    private readonly SctpSackScheduler _sack;

    /// <summary>Bytes held for reassembly or ordering.</summary>
    public int HeldBytes => _inbound.HeldBytes;

    private int ReceiveWindow() => Math.Max(0, _options.ReceiveBufferSize - _inbound.HeldBytes - _applicationHeldBytes);

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
            _sack.OnDuplicate(tsn);
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
        int held = _inbound.HeldBytes;
        bool fits = held + size <= _options.ReceiveBufferSize
            || (fillsGap && held + size <= _options.ReceiveBufferSize + _options.MaxInboundMessageSize);
        if (!fits)
        {
            Drop(SctpDropReason.ReceiveBufferFull);
            _sack.RequestImmediate();
            return true;
        }

        _tsns.Mark(tsn);
        Stats.BytesReceived += size;
        return _inbound.TryDeliverWhole(data) || _inbound.Hold(data);
    }

    /// <summary>Hands a complete message to the listener; false when the listener closed the association.</summary>
    internal bool DeliverMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        Stats.MessagesReceived++;
        _listener.OnSctpMessage(streamId, ppid, payload);
        return State != SctpAssociationState.Closed;
    }

    /// <summary>A peer's message outgrew <see cref="SctpOptions.MaxInboundMessageSize"/>: a protocol violation.</summary>
    internal void AbortOversizedMessage() => AbortWith(SctpCloseReason.ProtocolViolation, SctpErrorCause.ProtocolViolation);

    private void AddSack(ref SctpPacketBuilder builder)
    {
        if (_sack.AddTo(ref builder, (uint)ReceiveWindow()))
        {
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
        _sack.RequestNow();
        uint newCumulative = forward.NewCumulativeTsn;
        if (SctpTsn.Greater(newCumulative, _tsns.Cumulative) && newCumulative - _tsns.Cumulative > SctpTsnTracker.Window * 4u)
        {
            Drop(SctpDropReason.OutOfWindow);
            return true;
        }

        _tsns.ForwardTo(newCumulative);
        _inbound.DropUnorderedUpTo(newCumulative);
        for (int i = 0; i < forward.StreamCount; i++)
        {
            var (streamId, ssn) = forward.GetStream(i);
            if (streamId >= InboundStreams)
            {
                continue;
            }

            if (!_inbound.SkipOrderedUpTo(streamId, ssn, newCumulative))
            {
                return false;
            }
        }

        _streamReset.ApplyDeferred();
        return true;
    }
}
