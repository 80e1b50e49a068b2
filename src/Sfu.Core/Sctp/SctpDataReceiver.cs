using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// The peer's DATA and FORWARD TSN (RFC 9260 6.2, RFC 3758 3.6): duplicates, the TSN window, invalid streams and the
/// receive buffer are checked here; what passes is marked in the TSN tracker and handed to the inbound streams
/// (reassembly and ordering); FORWARD TSN skips what the peer abandoned.
/// </summary>
/// <remarks>
/// Owned by one <see cref="SctpAssociation"/> and touched only on its thread (on the data path: it allocates nothing).
/// The TSN tracker, SACK scheduler, inbound streams and stream reset are the association's, given here to work on.
/// </remarks>
internal sealed class SctpDataReceiver
{
    private readonly SctpAssociation _association;
    private readonly SctpOptions _options;
    private readonly SctpTsnTracker _tsns;
    private readonly SctpSackScheduler _sack;
    private readonly SctpInboundStreams _inbound;
    private readonly SctpStreamReset _streamReset;

    /// <summary>Creates the receiver of <paramref name="association"/>, which counts, drops and reports through it.</summary>
    public SctpDataReceiver(
        SctpAssociation association, SctpOptions options, SctpTsnTracker tsns, SctpSackScheduler sack, SctpInboundStreams inbound, SctpStreamReset streamReset)
    {
        _association = association;
        _options = options;
        _tsns = tsns;
        _sack = sack;
        _inbound = inbound;
        _streamReset = streamReset;
    }

    /// <summary>RFC 9260 6.2: a DATA chunk is marked received and delivered (whole and in order) or held; false stops the packet.</summary>
    public bool HandleData(SctpChunk raw, long now)
    {
        if (SctpDataChunk.TryParse(raw.Flags, raw.Value, out var data) != SctpParseError.None)
        {
            // RFC 9260 6.2: DATA without user data is a protocol violation; the peer will retransmit a real one.
            _association.Drop(SctpDropReason.Malformed);
            return false;
        }

        if (_association.State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            _association.Drop(SctpDropReason.UnexpectedChunk);
            return true;
        }

        uint tsn = data.Tsn;
        if (_tsns.IsReceived(tsn))
        {
            _association.Stats.DuplicateTsnsReceived++;
            _sack.OnDuplicate(tsn);
            return true;
        }

        if (!_tsns.InWindow(tsn))
        {
            _association.Drop(SctpDropReason.OutOfWindow);
            return true;
        }

        if (data.StreamId >= _association.InboundStreams)
        {
            // Acknowledged (so the peer does not retransmit forever) but not delivered.
            _tsns.Mark(tsn);
            _association.Drop(SctpDropReason.InvalidStream);
            return true;
        }

        int size = data.UserData.Length;
        bool fillsGap = tsn == _tsns.Cumulative + 1;
        int held = _inbound.HeldBytes;
        bool fits = held + size <= _options.ReceiveBufferSize
            || (fillsGap && held + size <= _options.ReceiveBufferSize + _options.MaxInboundMessageSize);
        if (!fits)
        {
            _association.Drop(SctpDropReason.ReceiveBufferFull);
            _sack.RequestImmediate();
            return true;
        }

        _tsns.Mark(tsn);
        _association.Stats.BytesReceived += size;
        return _inbound.TryDeliverWhole(data) || _inbound.Hold(data);
    }

    /// <summary>RFC 3758 3.6: treat everything up to the new cumulative TSN as received and skip the named messages.</summary>
    public bool HandleForwardTsn(SctpChunk chunk, long now)
    {
        if (SctpForwardTsnChunk.TryParse(chunk.Value, out var forward) != SctpParseError.None)
        {
            _association.Drop(SctpDropReason.Malformed);
            return false;
        }

        if (_association.State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            _association.Drop(SctpDropReason.UnexpectedChunk);
            return true;
        }

        _association.Stats.ForwardTsnReceived++;
        _sack.RequestNow();
        uint newCumulative = forward.NewCumulativeTsn;
        if (SctpTsn.Greater(newCumulative, _tsns.Cumulative) && newCumulative - _tsns.Cumulative > SctpTsnTracker.Window * 4u)
        {
            _association.Drop(SctpDropReason.OutOfWindow);
            return true;
        }

        _tsns.ForwardTo(newCumulative);
        _inbound.DropUnorderedUpTo(newCumulative);
        for (int i = 0; i < forward.StreamCount; i++)
        {
            var (streamId, ssn) = forward.GetStream(i);
            if (streamId >= _association.InboundStreams)
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
