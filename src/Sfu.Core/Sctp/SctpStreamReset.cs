using System.Runtime.InteropServices;
using Sfu.Core.Sctp.Chunks;

namespace Sfu.Core.Sctp;

/// <summary>
/// Stream reset (RFC 6525): our Outgoing SSN Reset Requests (how we close a data channel, RFC 8831 6.7) and the peer's,
/// answered once everything it sent on those streams has arrived.
/// </summary>
/// <remarks>
/// Owned by one <see cref="SctpAssociation"/> and touched only on its thread; its lists are preallocated and reused.
/// </remarks>
internal sealed class SctpStreamReset
{
    private readonly SctpAssociation _association;
    private readonly SctpInboundStreams _inbound;
    private readonly List<ushort> _resetQueue = new(4);
    private readonly List<ushort> _reconfigInFlight = new(4);
    private readonly List<ushort> _deferredResetStreams = new(4);
    private readonly List<ushort> _streamScratch = new(4);
    private uint _nextReconfigRequest;
    private uint _reconfigInFlightSeq;
    private bool _reconfigRequestDue;
    private uint _expectedReconfigRequest;
    private SctpReconfigResult _lastIncomingResult;
    private bool _deferredReset;
    private uint _deferredResetSeq;
    private uint _deferredResetLastTsn;
    private bool _responseDue;
    private uint _responseSeq;
    private SctpReconfigResult _responseResult;

    /// <summary>Creates the stream reset state of <paramref name="association"/>.</summary>
    /// <param name="association">Sends, drops and reports through it.</param>
    /// <param name="inbound">The inbound streams reset on the peer's request.</param>
    /// <param name="firstRequestSequence">Our first request sequence number (our initial TSN, RFC 6525 5.1.1).</param>
    public SctpStreamReset(SctpAssociation association, SctpInboundStreams inbound, uint firstRequestSequence)
    {
        _association = association;
        _inbound = inbound;
        _nextReconfigRequest = firstRequestSequence;
    }

    /// <summary>When an unanswered request should be sent again (owner's clock), or <see cref="long.MaxValue"/>.</summary>
    public long TimerAtMs { get; private set; } = long.MaxValue;

    /// <summary>Starts answering the peer's requests, whose first sequence number is its initial TSN.</summary>
    public void Start(uint peerInitialTsn) => _expectedReconfigRequest = peerInitialTsn;

    /// <summary>The retransmission timer ran out: send the request in flight again.</summary>
    public void OnTimer()
    {
        TimerAtMs = long.MaxValue;
        _reconfigRequestDue = _reconfigInFlight.Count > 0;
    }

    /// <summary>Stops the timer (the association closed).</summary>
    public void Stop() => TimerAtMs = long.MaxValue;


    /// <summary>
    /// Queues an outgoing reset of <paramref name="streamIds"/>: the Outgoing SSN Reset Request goes out once nothing is
    /// queued on them any more.
    /// </summary>
    public void Request(ReadOnlySpan<ushort> streamIds)
    {
        foreach (ushort id in streamIds)
        {
            if (!_resetQueue.Contains(id) && !_reconfigInFlight.Contains(id))
            {
                _resetQueue.Add(id);
            }
        }

    }

    /// <summary>Whether <paramref name="streamId"/> is queued for or in the middle of an outgoing reset.</summary>
    public bool IsResetting(ushort streamId) => _resetQueue.Contains(streamId) || _reconfigInFlight.Contains(streamId);

    /// <summary>Adds a due response and a due request (sent once the streams' queued data has gone) to <paramref name="builder"/>.</summary>
    public void AddTo(ref SctpPacketBuilder builder, long now)
    {
        if (_responseDue && builder.TryAddReconfigResponse(_responseSeq, _responseResult))
        {
            _responseDue = false;
        }

        if (_reconfigInFlight.Count == 0 && _resetQueue.Count > 0 && !_association.PendingDataOn(_resetQueue))
        {
            _reconfigInFlight.AddRange(_resetQueue);
            _resetQueue.Clear();
            _reconfigInFlightSeq = _nextReconfigRequest++;
            _reconfigRequestDue = true;
        }

        if (_reconfigRequestDue && _reconfigInFlight.Count > 0
            && builder.TryAddOutgoingResetRequest(_reconfigInFlightSeq, _expectedReconfigRequest - 1, _association.LastAssignedTsn, CollectionsMarshal.AsSpan(_reconfigInFlight)))
        {
            _reconfigRequestDue = false;
            TimerAtMs = now + _association.RetransmissionTimeoutMs;
        }
    }

    /// <summary>Handles a RE-CONFIG chunk: the peer's requests and its responses to ours. Always true (keep reading the packet).</summary>
    public bool Handle(SctpChunk chunk, long now)
    {
        if (_association.State is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownReceived))
        {
            _association.Drop(SctpDropReason.UnexpectedChunk);
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
                        _association.Drop(SctpDropReason.Malformed);
                        return true;
                    }

                    HandleIncomingResetRequest(request);
                    break;
                case SctpParameterType.ReconfigurationResponse:
                    if (SctpReconfigResponse.TryParse(parameter.Value, out var response) != SctpParseError.None)
                    {
                        _association.Drop(SctpDropReason.Malformed);
                        return true;
                    }

                    HandleReconfigResponse(response, now);
                    break;
                case SctpParameterType.IncomingSsnResetRequest or SctpParameterType.SsnTsnResetRequest
                    or SctpParameterType.AddOutgoingStreamsRequest or SctpParameterType.AddIncomingStreamsRequest:
                    if (parameter.Value.Length < 4)
                    {
                        _association.Drop(SctpDropReason.Malformed);
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
            _association.Drop(SctpDropReason.Malformed);
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

        if (SctpTsn.LessOrEqual(request.SendersLastAssignedTsn, _association.ReceivedCumulativeTsn))
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

    /// <summary>Performs a reset the peer asked for once all data it sent before asking has arrived.</summary>
    public void ApplyDeferred()
    {
        if (_deferredReset && SctpTsn.LessOrEqual(_deferredResetLastTsn, _association.ReceivedCumulativeTsn))
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
        _association.Listener.OnSctpIncomingStreamsReset(CollectionsMarshal.AsSpan(_streamScratch));
    }

    private void HandleReconfigResponse(SctpReconfigResponse response, long now)
    {
        if (_reconfigInFlight.Count == 0 || response.ResponseSequenceNumber != _reconfigInFlightSeq)
        {
            return;
        }

        if (response.Result == SctpReconfigResult.InProgress)
        {
            TimerAtMs = now + _association.RetransmissionTimeoutMs; // ask again later with the same sequence number
            return;
        }

        // Performed, nothing to do, or refused: either way these streams are done (a refused close is still a close).
        foreach (ushort id in _reconfigInFlight)
        {
            _association.ForgetOutboundSequence(id);
        }

        _streamScratch.Clear();
        _streamScratch.AddRange(_reconfigInFlight);
        _reconfigInFlight.Clear();
        TimerAtMs = long.MaxValue;
        _reconfigRequestDue = false;
        _association.Listener.OnSctpOutgoingStreamsReset(CollectionsMarshal.AsSpan(_streamScratch));
    }

    private void QueueResponse(uint seq, SctpReconfigResult result)
    {
        _responseDue = true;
        _responseSeq = seq;
        _responseResult = result;
    }
}
