using System.Runtime.InteropServices;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// Stream reset (RFC 6525): our Outgoing SSN Reset Requests (how we close a data channel, RFC 8831 6.7) and the peer's,
/// answered once everything it sent on those streams has arrived.
/// </summary>
public sealed partial class SctpAssociation
{
    private readonly List<ushort> _resetQueue = new(4);
    private readonly List<ushort> _reconfigInFlight = new(4);
    private readonly List<ushort> _deferredResetStreams = new(4);
    private readonly List<ushort> _streamScratch = new(4);
    private uint _nextReconfigRequest;
    private uint _reconfigInFlightSeq;
    private bool _reconfigRequestDue;
    private long _reconfigAtMs = long.MaxValue;
    private uint _expectedReconfigRequest;
    private SctpReconfigResult _lastIncomingResult;
    private bool _deferredReset;
    private uint _deferredResetSeq;
    private uint _deferredResetLastTsn;
    private bool _responseDue;
    private uint _responseSeq;
    private SctpReconfigResult _responseResult;

    /// <summary>
    /// Resets our outgoing <paramref name="streamIds"/> (closing their data channels): what is queued on them is sent
    /// first, then an Outgoing SSN Reset Request; <see cref="ISctpAssociationListener.OnSctpOutgoingStreamsReset"/> reports
    /// the peer's answer. Sends on those streams fail until then. False when not established.
    /// </summary>
    public bool ResetStreams(ReadOnlySpan<ushort> streamIds)
    {
        if (State != SctpAssociationState.Established)
        {
            return false;
        }

        foreach (ushort id in streamIds)
        {
            if (!_resetQueue.Contains(id) && !_reconfigInFlight.Contains(id))
            {
                _resetQueue.Add(id);
            }
        }

        if (_processing == 0)
        {
            Flush(_clock());
        }

        return true;
    }

    private bool IsResetting(ushort streamId) => _resetQueue.Contains(streamId) || _reconfigInFlight.Contains(streamId);

    private void AddReconfig(ref SctpPacketBuilder builder, long now)
    {
        if (_responseDue && builder.TryAddReconfigResponse(_responseSeq, _responseResult))
        {
            _responseDue = false;
        }

        if (_reconfigInFlight.Count == 0 && _resetQueue.Count > 0 && !PendingDataOn(_resetQueue))
        {
            _reconfigInFlight.AddRange(_resetQueue);
            _resetQueue.Clear();
            _reconfigInFlightSeq = _nextReconfigRequest++;
            _reconfigRequestDue = true;
        }

        if (_reconfigRequestDue && _reconfigInFlight.Count > 0
            && builder.TryAddOutgoingResetRequest(_reconfigInFlightSeq, _expectedReconfigRequest - 1, _nextTsn - 1, CollectionsMarshal.AsSpan(_reconfigInFlight)))
        {
            _reconfigRequestDue = false;
            _reconfigAtMs = now + _rto.RtoMs;
        }
    }

    private bool PendingDataOn(List<ushort> streams)
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

    private bool HandleReconfig(SctpChunk chunk, long now)
    {
        if (State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownReceived))
        {
            Drop(SctpDropReason.UnexpectedChunk);
            return true;
        }

        var parameters = new SctpParameterEnumerator(chunk.Value);
        foreach (var parameter in parameters)
        {
            switch (parameter.Type)
            {
                case SctpParameterType.OutgoingSsnResetRequest:
                    if (SctpOutgoingResetRequest.TryParse(parameter.Value, out var request) != SctpParseError.None)
                    {
                        Drop(SctpDropReason.Malformed);
                        return true;
                    }

                    HandleIncomingResetRequest(request);
                    break;
                case SctpParameterType.ReconfigurationResponse:
                    if (SctpReconfigResponse.TryParse(parameter.Value, out var response) != SctpParseError.None)
                    {
                        Drop(SctpDropReason.Malformed);
                        return true;
                    }

                    HandleReconfigResponse(response, now);
                    break;
                case SctpParameterType.IncomingSsnResetRequest or SctpParameterType.SsnTsnResetRequest
                    or SctpParameterType.AddOutgoingStreamsRequest or SctpParameterType.AddIncomingStreamsRequest:
                    if (parameter.Value.Length < 4)
                    {
                        Drop(SctpDropReason.Malformed);
                        return true;
                    }

                    // WebRTC needs none of these: answer "denied" in sequence.
                    uint seq = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(parameter.Value);
                    if (seq == _expectedReconfigRequest)
                    {
                        _expectedReconfigRequest++;
                        _lastIncomingResult = SctpReconfigResult.Denied;
                    }

                    QueueResponse(seq, seq == _expectedReconfigRequest - 1 ? _lastIncomingResult : SctpReconfigResult.ErrorBadSequenceNumber);
                    break;
            }
        }

        if (parameters.Malformed)
        {
            Drop(SctpDropReason.Malformed);
        }

        return true;
    }

    private void HandleIncomingResetRequest(in SctpOutgoingResetRequest request)
    {
        uint seq = request.RequestSequenceNumber;
        if (seq == _expectedReconfigRequest - 1)
        {
            QueueResponse(seq, _lastIncomingResult); // a retransmission: repeat the answer
            return;
        }

        if (seq != _expectedReconfigRequest)
        {
            QueueResponse(seq, SctpReconfigResult.ErrorBadSequenceNumber);
            return;
        }

        _expectedReconfigRequest++;
        _deferredResetStreams.Clear();
        for (int i = 0; i < request.StreamCount; i++)
        {
            _deferredResetStreams.Add(request.GetStream(i));
        }

        if (SctpTsn.LessOrEqual(request.SendersLastAssignedTsn, _tsns.Cumulative))
        {
            _lastIncomingResult = SctpReconfigResult.SuccessPerformed;
            QueueResponse(seq, _lastIncomingResult);
            PerformIncomingReset();
        }
        else
        {
            // Data sent before the reset is still missing: answer "in progress" and reset once it has arrived.
            _deferredReset = true;
            _deferredResetSeq = seq;
            _deferredResetLastTsn = request.SendersLastAssignedTsn;
            _lastIncomingResult = SctpReconfigResult.InProgress;
            QueueResponse(seq, _lastIncomingResult);
        }
    }

    private void ApplyDeferredResets()
    {
        if (_deferredReset && SctpTsn.LessOrEqual(_deferredResetLastTsn, _tsns.Cumulative))
        {
            _deferredReset = false;
            _lastIncomingResult = SctpReconfigResult.SuccessPerformed;
            QueueResponse(_deferredResetSeq, _lastIncomingResult);
            PerformIncomingReset();
        }
    }

    /// <summary>Resets the streams in <see cref="_deferredResetStreams"/> (all known streams when it is empty).</summary>
    private void PerformIncomingReset()
    {
        _inbound.Reset(_deferredResetStreams);

        _streamScratch.Clear();
        _streamScratch.AddRange(_deferredResetStreams);
        _listener.OnSctpIncomingStreamsReset(CollectionsMarshal.AsSpan(_streamScratch));
    }

    private void HandleReconfigResponse(SctpReconfigResponse response, long now)
    {
        if (_reconfigInFlight.Count == 0 || response.ResponseSequenceNumber != _reconfigInFlightSeq)
        {
            return;
        }

        if (response.Result == SctpReconfigResult.InProgress)
        {
            _reconfigAtMs = now + _rto.RtoMs; // ask again later with the same sequence number
            return;
        }

        // Performed, nothing to do, or refused: either way these streams are done (a refused close is still a close).
        foreach (ushort id in _reconfigInFlight)
        {
            _nextOutboundSsn.Remove(id);
        }

        _streamScratch.Clear();
        _streamScratch.AddRange(_reconfigInFlight);
        _reconfigInFlight.Clear();
        _reconfigAtMs = long.MaxValue;
        _reconfigRequestDue = false;
        _listener.OnSctpOutgoingStreamsReset(CollectionsMarshal.AsSpan(_streamScratch));
    }

    private void QueueResponse(uint seq, SctpReconfigResult result)
    {
        _responseDue = true;
        _responseSeq = seq;
        _responseResult = result;
    }
}
