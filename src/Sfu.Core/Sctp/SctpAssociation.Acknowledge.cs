using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// Acknowledgements and loss: SACK processing (the chunks themselves are <see cref="SctpSendQueue"/>'s), congestion
/// control (RFC 9260 7.2: slow start, congestion avoidance, fast retransmit and recovery) and the T3-rtx timer.
/// </summary>
public sealed partial class SctpAssociation
{
    private int _errorCount;

    private bool HandleSack(SctpChunk chunk, long now)
    {
        if (SctpSackChunk.TryParse(chunk.Value, out var sack) != SctpParseError.None)
        {
            Drop(SctpDropReason.Malformed);
            return false;
        }

        if (State is SctpAssociationState.New or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return true;
        }

        Stats.SacksReceived++;
        uint cum = sack.CumulativeTsnAck;
        if (SctpTsn.Less(cum, _sendQueue.CumulativeAckPoint))
        {
            return true; // an old SACK arriving late (RFC 9260 6.2.1 D i)
        }

        if (SctpTsn.GreaterOrEqualNext(cum, _sendQueue.NextTsn))
        {
            Drop(SctpDropReason.Malformed); // acknowledges data never sent
            return true;
        }

        int outstandingBefore = _sendQueue.OutstandingBytes;
        bool cumAdvanced = SctpTsn.Greater(cum, _sendQueue.CumulativeAckPoint);
        int bytesAcked = _sendQueue.AcknowledgeCumulative(cum, now);
        uint highestGapAcked = cum;
        bytesAcked += _sendQueue.AcknowledgeGapBlocks(sack, ref highestGapAcked);
        if (highestGapAcked != cum)
        {
            if (_sendQueue.CountMissIndications(highestGapAcked, now) && _congestion.TryEnterFastRecovery(_sendQueue.NextTsn - 1))
            {
                _fastRetransmitPending = true;
            }
        }

        _congestion.OnCumulativeAck(cum);
        if (cumAdvanced)
        {
            _errorCount = 0;
            _congestion.OnAcknowledged(bytesAcked, outstandingBefore);
        }

        _peerRwnd = (int)Math.Max(0, Math.Min(sack.AdvertisedReceiverWindow, int.MaxValue) - _sendQueue.OutstandingBytes);
        _sendQueue.UpdateAdvancedPeerAckPoint();
        RestartT3(now, cumAdvanced);
        return true;
    }

    /// <summary>The peer's SHUTDOWN carries a cumulative TSN ack (RFC 9260 9.2): applied like a SACK's, when it is in range.</summary>
    internal void AcknowledgeFromShutdown(uint cum, long now)
    {
        if (!SctpTsn.Less(cum, _sendQueue.CumulativeAckPoint) && !SctpTsn.GreaterOrEqualNext(cum, _sendQueue.NextTsn))
        {
            _sendQueue.AcknowledgeCumulative(cum, now);
            _sendQueue.UpdateAdvancedPeerAckPoint();
            RestartT3(now, true);
        }
    }

    /// <summary>Counts a retransmission timeout (T3 or T2) against the association's error counter; true once it is over the limit.</summary>
    internal bool CountErrorOverLimit() => ++_errorCount > _options.MaxRetransmissions;

    private void RestartT3(long now, bool cumAdvanced)
    {
        bool anythingOutstanding = _sendQueue.OutstandingBytes > 0 || _sendQueue.RetransmitMarks > 0
            || SctpTsn.Greater(_sendQueue.AdvancedPeerAckPoint, _sendQueue.CumulativeAckPoint);
        if (!anythingOutstanding)
        {
            _t3AtMs = long.MaxValue;
        }
        else if (cumAdvanced || _t3AtMs == long.MaxValue)
        {
            _t3AtMs = now + _rto.RtoMs;
        }
    }

    /// <summary>RFC 9260 6.3.3: back off, collapse cwnd, and retransmit (or abandon) everything outstanding.</summary>
    private void OnT3Expired(long now)
    {
        _t3AtMs = long.MaxValue;
        if (!_sendQueue.HasInFlight)
        {
            return;
        }

        Stats.RetransmissionTimeouts++;
        if (CountErrorOverLimit())
        {
            AbortWith(SctpCloseReason.RetransmissionLimit, 0);
            return;
        }

        _rto.BackOff();
        _congestion.OnRetransmissionTimeout();
        _sendQueue.OnRetransmissionTimeout(now);
        if (_sendQueue.RetransmitMarks == 0 && _sendQueue.ForwardTsnDue)
        {
            _t3AtMs = now + _rto.RtoMs;
        }
    }
}
