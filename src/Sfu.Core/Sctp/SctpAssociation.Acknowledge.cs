using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// Acknowledgements and loss: SACK processing, RTT, congestion control (RFC 9260 7.2: slow start, congestion
/// avoidance, fast retransmit and recovery), the T3-rtx timer, and partial reliability (RFC 3758: abandoning
/// chunks and advancing the peer's cumulative TSN with FORWARD TSN).
/// </summary>
public sealed partial class SctpAssociation
{
    private uint _cumAckPoint;
    private uint _advancedPeerAckPoint;
    private bool _forwardTsnDue;
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
        if (SctpTsn.Less(cum, _cumAckPoint))
        {
            return true; // an old SACK arriving late (RFC 9260 6.2.1 D i)
        }

        if (SctpTsn.GreaterOrEqualNext(cum, _nextTsn))
        {
            Drop(SctpDropReason.Malformed); // acknowledges data never sent
            return true;
        }

        int outstandingBefore = _outstandingBytes;
        bool cumAdvanced = SctpTsn.Greater(cum, _cumAckPoint);
        int bytesAcked = AcknowledgeCumulative(cum, now);
        uint highestGapAcked = cum;
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
                    _retransmitMarks--;
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

        if (highestGapAcked != cum)
        {
            CountMissIndications(highestGapAcked);
        }

        _congestion.OnCumulativeAck(cum);
        if (cumAdvanced)
        {
            _errorCount = 0;
            _congestion.OnAcknowledged(bytesAcked, outstandingBefore);
        }

        _peerRwnd = (int)Math.Max(0, Math.Min(sack.AdvertisedReceiverWindow, int.MaxValue) - _outstandingBytes);
        UpdateAdvancedPeerAckPoint();
        RestartT3(now, cumAdvanced);
        return true;
    }

    /// <summary>Releases every in-flight chunk up to <paramref name="cum"/>; returns the bytes newly acknowledged.</summary>
    private int AcknowledgeCumulative(uint cum, long now)
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
                _retransmitMarks--;
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
            _bufferedBytes -= chunk.Length;
            Recycle(chunk);
        }

        if (SctpTsn.Greater(cum, _cumAckPoint))
        {
            _cumAckPoint = cum;
        }

        if (SctpTsn.Less(_advancedPeerAckPoint, _cumAckPoint))
        {
            _advancedPeerAckPoint = _cumAckPoint;
        }

        return bytesAcked;
    }

    /// <summary>RFC 9260 7.2.4: a chunk reported missing by three SACKs is fast-retransmitted once.</summary>
    private void CountMissIndications(uint highestGapAcked)
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

            if (PeerSupportsPartialReliability && chunk.IsExhausted(_clock()))
            {
                AbandonMessage(chunk);
                continue;
            }

            chunk.FastRetransmitted = true;
            MarkForRetransmission(chunk);
            Stats.FastRetransmissions++;
            retransmit = true;
        }

        if (retransmit && _congestion.TryEnterFastRecovery(_nextTsn - 1))
        {
            _fastRetransmitPending = true;
        }
    }

    private void RestartT3(long now, bool cumAdvanced)
    {
        bool anythingOutstanding = _outstandingBytes > 0 || _retransmitMarks > 0 || SctpTsn.Greater(_advancedPeerAckPoint, _cumAckPoint);
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
        if (_inflight.Count == 0)
        {
            return;
        }

        Stats.RetransmissionTimeouts++;
        if (++_errorCount > _options.MaxRetransmissions)
        {
            AbortWith(SctpCloseReason.RetransmissionLimit, 0);
            return;
        }

        _rto.BackOff();
        _congestion.OnRetransmissionTimeout();
        _rttMeasuring = false;
        for (int i = 0; i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (chunk.GapAcked || chunk.Abandoned || chunk.NeedsRetransmit)
            {
                continue;
            }

            if (PeerSupportsPartialReliability && chunk.IsExhausted(now))
            {
                AbandonMessage(chunk);
            }
            else
            {
                MarkForRetransmission(chunk);
            }
        }

        UpdateAdvancedPeerAckPoint();
        if (SctpTsn.Greater(_advancedPeerAckPoint, _cumAckPoint))
        {
            _forwardTsnDue = true; // the last FORWARD TSN may have been lost too
        }

        if (_retransmitMarks == 0 && _forwardTsnDue)
        {
            _t3AtMs = now + _rto.RtoMs;
        }
    }

    private void MarkForRetransmission(SctpOutboundChunk chunk)
    {
        chunk.NeedsRetransmit = true;
        _retransmitMarks++;
        Unoutstand(chunk);
    }

    private void Unoutstand(SctpOutboundChunk chunk)
    {
        if (chunk.Outstanding)
        {
            chunk.Outstanding = false;
            _outstandingBytes -= chunk.Length;
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
                _retransmitMarks--;
            }

            Unoutstand(other);
        }

        if (_pending.Count > 0 && _pending.Front.MessageId == messageId)
        {
            _droppedMessageId = messageId;
        }

        Stats.AbandonedMessages++;
    }

    /// <summary>RFC 3758 3.5 C1-C3: move the advanced peer ack point over abandoned chunks; FORWARD TSN if it moved.</summary>
    private void UpdateAdvancedPeerAckPoint()
    {
        if (SctpTsn.Less(_advancedPeerAckPoint, _cumAckPoint))
        {
            _advancedPeerAckPoint = _cumAckPoint;
        }

        for (int i = (int)(_advancedPeerAckPoint - _cumAckPoint); i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (!chunk.Abandoned)
            {
                break;
            }

            _advancedPeerAckPoint = chunk.Tsn;
            _forwardTsnDue = true;
        }

        if (_forwardTsnDue && !SctpTsn.Greater(_advancedPeerAckPoint, _cumAckPoint))
        {
            _forwardTsnDue = false;
        }
    }

    /// <summary>FORWARD TSN up to the advanced peer ack point, naming the last skipped sequence number of each ordered stream.</summary>
    private void AddForwardTsn(ref SctpPacketBuilder builder)
    {
        Span<SctpStreamSequence> streams = stackalloc SctpStreamSequence[32];
        int count = 0;
        uint newCumulative = _cumAckPoint;
        for (int i = 0; i < _inflight.Count; i++)
        {
            var chunk = _inflight[i];
            if (SctpTsn.Greater(chunk.Tsn, _advancedPeerAckPoint))
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
            _forwardTsnDue = false;
            Stats.ForwardTsnSent++;
        }
    }
}
