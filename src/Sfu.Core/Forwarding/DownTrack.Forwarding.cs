using System.Buffers.Binary;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>The hot path: decide about one publisher packet, rewrite it for the subscriber, send it. Allocates nothing.</summary>
public sealed partial class DownTrack
{
    /// <summary>Upper bound of the extension block this class writes, beyond the mid value.</summary>
    private const int MaxExtensionBlockLength = 40;

    /// <summary>Room left after the packet for the SRTP tag (see <see cref="Transport.IRtpPacketSink"/>).</summary>
    private const int SrtpRoom = 20;

    /// <summary>Most a rewritten packet (plus SRTP room) can exceed its fixed header, CSRCs and payload.</summary>
    internal const int MaxRewriteGrowth = MaxExtensionBlockLength + 255 + SrtpRoom;

    private readonly SequenceNumberMapper _sequenceNumbers;
    private readonly TimestampMapper _timestamps;
    private readonly Vp8Munger? _vp8;
    private readonly byte[] _mid;
    private readonly int _midId;
    private readonly int _absSendTimeId;
    private readonly int _transportSequenceId;
    private readonly int _audioLevelId;
    private readonly int _videoOrientationId;
    private readonly int _transmissionOffsetId;
    private readonly int _playoutDelayId;
    private bool _waitingForKeyframe;
    private bool _sendFailing;
    private bool _midAcknowledged;
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
        _sent?.Record(sequenceNumber, packet.RidIndex, packet.RetransmissionKey, payloadType, timestamp, isVp8, vp8.PictureId, vp8.Tl0PicIdx);
        ushort transportSequence = _endpoint.TransportSequenceNumber;
        if (_endpoint.Sink.SendRtp(scratch, length))
        {
            PacketsSent++;
            BytesSent += length;
            _context.Metrics.Forwarded(_isVideo, length);
            PayloadBytesSent += packet.Header.PayloadLength;
            if (_transportSequenceId != 0)
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
        int length = WriteHeader(packet, scratch, Parameters.Ssrc, payloadType, sequenceNumber, timestamp, payloadPrefix: 0);
        if (length < 0)
        {
            return -1;
        }

        packet.Header.GetPayload(packet.Packet).CopyTo(scratch.Slice(length));
        return length + packet.Header.PayloadLength;
    }

    /// <summary>
    /// Writes the header of the subscriber's packet into <paramref name="scratch"/>: V=2 without padding, the
    /// publisher's marker and CSRCs, the given SSRC, payload type, sequence number and timestamp, and a new extension
    /// block in the subscriber's ids (mid until the subscriber reports on the stream, abs-send-time now, the transport's
    /// next transport-wide sequence number, and the copied publisher values). Returns its length, or -1 when the header,
    /// <paramref name="payloadPrefix"/> bytes and the payload would not fit (counted as oversized).
    /// </summary>
    private int WriteHeader(scoped in IncomingPacket packet, Span<byte> scratch, uint ssrc, byte payloadType, ushort sequenceNumber, uint timestamp, int payloadPrefix)
    {
        RtpHeader header = packet.Header;
        int csrcLength = header.CsrcCount * 4;
        if (RtpHeader.FixedHeaderLength + csrcLength + MaxExtensionBlockLength + _mid.Length + payloadPrefix + header.PayloadLength + SrtpRoom > scratch.Length)
        {
            _context.Metrics.Dropped(DropReason.Oversized);
            return -1;
        }

        scratch[0] = (byte)(0x80 | header.CsrcCount);
        scratch[1] = (byte)((header.Marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(scratch.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(8), ssrc);
        packet.Packet.Slice(RtpHeader.FixedHeaderLength, csrcLength).CopyTo(scratch.Slice(RtpHeader.FixedHeaderLength));
        int length = RtpHeader.FixedHeaderLength + csrcLength;

        var extensions = new RtpHeaderExtensionWriter(scratch.Slice(length));
        Span<byte> value = stackalloc byte[3];
        if (_midId != 0 && !_midAcknowledged)
        {
            extensions.TryAdd(_midId, _mid);
        }

        AddAbsSendTime(ref extensions, value, packet.Now);

        if (_transportSequenceId != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value, _endpoint.TransportSequenceNumber);
            extensions.TryAdd(_transportSequenceId, value.Slice(0, 2));
        }

        CopyExtension(ref extensions, _audioLevelId, packet, packet.AudioLevel, 1);
        CopyExtension(ref extensions, _videoOrientationId, packet, packet.VideoOrientation, 1);
        CopyExtension(ref extensions, _transmissionOffsetId, packet, packet.TransmissionOffset, 3);
        CopyExtension(ref extensions, _playoutDelayId, packet, packet.PlayoutDelay, 3);
        if (extensions.Count > 0)
        {
            length += extensions.Finish();
            scratch[0] |= 0x10;
        }

        return length;
    }

    /// <summary>Adds the abs-send-time element (24-bit 6.18 fixed-point seconds) when the subscriber negotiated it.</summary>
    private void AddAbsSendTime(ref RtpHeaderExtensionWriter extensions, scoped Span<byte> value, long now)
    {
        if (_absSendTimeId != 0)
        {
            uint absSendTime = RtpClock.AbsSendTime(now, _context.Frequency);
            value[0] = (byte)(absSendTime >> 16);
            value[1] = (byte)(absSendTime >> 8);
            value[2] = (byte)absSendTime;
            extensions.TryAdd(_absSendTimeId, value.Slice(0, 3));
        }
    }

    /// <summary>Copies an element's value under the subscriber's id when both sides negotiated it and it has its defined size.</summary>
    private static void CopyExtension(ref RtpHeaderExtensionWriter extensions, int id, scoped in IncomingPacket packet, ExtensionRange range, int size)
    {
        if (id != 0 && range.Length == size)
        {
            extensions.TryAdd(id, packet.Value(range));
        }
    }
}
