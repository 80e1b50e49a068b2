using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>The hot path: decide about one publisher packet, rewrite it for the subscriber, send it. Allocates nothing.</summary>
public sealed partial class DownTrack
{
    /// <summary>Most a rewritten packet (plus SRTP room) can exceed its fixed header, CSRCs and payload.</summary>
    internal const int MaxRewriteGrowth = DownTrackHeaderWriter.MaxExtensionBlockLength + 255 + DownTrackHeaderWriter.SrtpRoom;

    private readonly SequenceNumberMapper _sequenceNumbers;
    private readonly TimestampMapper _timestamps;
    private readonly Vp8Munger? _vp8;
    private readonly DownTrackHeaderWriter _headers;
    private bool _waitingForKeyframe;
    private bool _sendFailing;
    private bool _hasSource;
    private uint _sourceSsrc;
    private RidIndex _sourceRid;
    private byte _lastPayloadType = CodecMapping.NoPayloadType;

    /// <summary>Forwards (or deliberately skips) one packet of the track.</summary>
    internal void Forward(scoped in IncomingPacket packet, Span<byte> scratch)
    {
        if (Suspended || _track.Muted)
        {
            if (_hasSource && packet.Header.Ssrc == _sourceSsrc)
            {
                _sequenceNumbers.Drop(packet.ExtendedSequenceNumber);
            }

            return;
        }

        if ((AwaitsFirstPicture || (!_isVideo && PacketsSent == 0)) && !_endpoint.Sink.CanSend)
        {
            // Nothing could be sent yet: video starts at a keyframe once the transport connects, audio with the next
            // packet then (nothing was numbered yet, so nothing is skipped), and no send is tried (and failed) before.
            return;
        }

        bool switched = false;
        if (_switch is not null)
        {
            UpdateTarget(packet.Now);
            SpatialLayer previous = _switch.Current;
            LayerSwitchDecision decision = _switch.OnPacket(_track.SpatialLayerOf(packet.RidIndex), packet.IsKeyframe);
            if (decision.RequestsKeyframe)
            {
                if (previous.IsNone && AwaitsFirstPicture)
                {
                    RequestKeyframe(); // the first picture: the lowest layer's keyframe too
                }
                else
                {
                    RequestKeyframeFor(decision.KeyframeRequestLayer);
                }
            }

            if (decision.Action == LayerSwitchAction.Ignore)
            {
                return;
            }

            if (decision.Action == LayerSwitchAction.Switch)
            {
                switched = true;
                RecordSwitch(previous, _switch.Current);
            }
        }

        if (switched || !_hasSource || packet.Header.Ssrc != _sourceSsrc)
        {
            // A new source (first packet, a simulcast switch or resume, or the publisher restarted the stream):
            // numbering, timestamps and VP8 picture ids continue from what was sent; video restarts at a keyframe.
            StartSource(packet);
        }

        long extended = packet.ExtendedSequenceNumber;
        byte payloadType = _payloadTypeMap[packet.Header.PayloadType];
        if (packet.Header.PayloadLength == 0 || payloadType == CodecMapping.NoPayloadType)
        {
            _sequenceNumbers.Drop(extended); // padding-only probes, or a codec the subscriber did not accept
            return;
        }

        if (_waitingForKeyframe)
        {
            if (!packet.IsKeyframe)
            {
                _sequenceNumbers.Drop(extended);
                RequestKeyframe();
                return;
            }

            _waitingForKeyframe = false;
        }

        Vp8Rewrite vp8 = default;
        bool isVp8 = _vp8 is not null && _track.PayloadTypes[packet.Header.PayloadType].Family == CodecFamily.Vp8;
        if (isVp8)
        {
            Vp8MungeAction action = _vp8!.Process(packet.Header.GetPayload(packet.Packet), out vp8);
            if (action != Vp8MungeAction.Forward)
            {
                _sequenceNumbers.Drop(extended);
                if (action == Vp8MungeAction.Invalid)
                {
                    _context.Metrics.Dropped(Diagnostics.DropReason.MalformedRtp);
                }

                return;
            }
        }

        if (!_sequenceNumbers.TryMap(extended, out ushort sequenceNumber))
        {
            return;
        }

        uint timestamp = _timestamps.Map(packet.Header.Timestamp, ToMicroseconds(packet.Now));
        int length = Rewrite(packet, scratch, payloadType, sequenceNumber, timestamp);
        if (length < 0)
        {
            return;
        }

        if (isVp8)
        {
            vp8.Apply(scratch.Slice(length - packet.Header.PayloadLength, packet.Header.PayloadLength));
        }

        _lastPayloadType = payloadType;
        _retransmitter.Record(sequenceNumber, packet.RidIndex, packet.RetransmissionKey, payloadType, timestamp, isVp8, vp8);
        ushort transportSequence = _endpoint.TransportSequenceNumber;
        if (_endpoint.Sink.SendRtp(scratch, length))
        {
            PacketsSent++;
            BytesSent += length;
            _context.Metrics.Forwarded(_isVideo, length);
            PayloadBytesSent += packet.Header.PayloadLength;
            if (_headers.HasTransportSequence)
            {
                _endpoint.OnPacketSent(transportSequence, length, packet.Now, isProbe: false);
            }

            _sendFailing = false;
        }
        else
        {
            OnSendFailed();
        }
    }

    /// <summary>
    /// A packet could not be sent. Before the transport is connected that is expected: video starts at a keyframe once
    /// it is. A failure while it is connected (SRTP state full or retired, the socket) is counted, and until a send
    /// succeeds again the down-track asks the publisher for no keyframes: sends that fail would only make every
    /// subscriber of the track pay for keyframes nobody receives.
    /// </summary>
    private void OnSendFailed()
    {
        if (PacketsSent == 0 && _isVideo)
        {
            _waitingForKeyframe = true; // start with a keyframe once sending works
        }

        if (!_endpoint.Sink.CanSend)
        {
            return;
        }

        SendFailures++;
        if (!_sendFailing)
        {
            _sendFailing = true;
            _context.OnSendFailing(this);
        }
    }

    /// <summary>
    /// The packet is the first of a new source. Sequence numbers continue after the last one sent; timestamps are
    /// placed with both layers' sender reports (or the wall clock since the last packet); VP8 picture ids continue.
    /// </summary>
    private void StartSource(scoped in IncomingPacket packet)
    {
        if (_hasSource)
        {
            _timestamps.SwitchSource(SenderReportOf(_sourceRid, _sourceSsrc), SenderReportOf(packet.RidIndex, packet.Header.Ssrc));
        }

        _hasSource = true;
        _sourceSsrc = packet.Header.Ssrc;
        _sourceRid = packet.RidIndex;
        _sequenceNumbers.Resync();
        _vp8?.Resync();
        _waitingForKeyframe = _isVideo;
    }

    private SenderReportTimes SenderReportOf(RidIndex rid, uint ssrc)
    {
        RtpStreamReceiver receiver = _track.Receiver(rid);
        return receiver.HasSsrc && receiver.Ssrc == ssrc && receiver.LastSenderReportNtp is ulong ntp
            ? new SenderReportTimes(ntp, receiver.LastSenderReportRtpTimestamp)
            : default;
    }

    private long ToMicroseconds(long ticks) => _context.ToMicroseconds(ticks);

    /// <summary>The RTP timestamp for a sender report now: from the publisher's SR when there is one, else extrapolated.</summary>
    private uint ExtrapolateRtpTimestamp(long now)
    {
        if (_hasSource)
        {
            RtpStreamReceiver receiver = _track.Receiver(_sourceRid);
            if (receiver.HasSsrc && receiver.Ssrc == _sourceSsrc && receiver.TryExtrapolateRtpTimestamp(now, out uint publisherTimestamp))
            {
                return unchecked(publisherTimestamp + _timestamps.Offset);
            }
        }

        long elapsedUs = Math.Max(ToMicroseconds(now) - _timestamps.LastOutgoingUs, 0);
        return unchecked(_timestamps.LastOutgoing + (uint)(elapsedUs * _track.ClockRate / 1_000_000));
    }

    /// <summary>
    /// Writes the subscriber's packet into <paramref name="scratch"/>: fixed header (own SSRC, mapped sequence number,
    /// timestamp and payload type, marker kept), the publisher's CSRCs, a new extension block in the subscriber's ids,
    /// and the payload unchanged (padding dropped). Returns the length, or -1 when it does not fit.
    /// </summary>
    private int Rewrite(scoped in IncomingPacket packet, Span<byte> scratch, byte payloadType, ushort sequenceNumber, uint timestamp)
    {
        int length = _headers.Write(packet, scratch, Parameters.Ssrc, payloadType, sequenceNumber, timestamp, payloadPrefix: 0);
        if (length < 0)
        {
            return -1;
        }

        packet.Header.GetPayload(packet.Packet).CopyTo(scratch.Slice(length));
        return length + packet.Header.PayloadLength;
    }
}
