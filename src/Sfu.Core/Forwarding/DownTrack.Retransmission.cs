using System.Buffers.Binary;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Codecs;
using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Answers the subscriber's NACKs. The down-track keeps no copy of what it sent: its <see cref="SentPacketMap"/> says
/// which received packet each outgoing sequence number was and how it was rewritten, and the packet is rebuilt from the
/// copy its receive stream keeps once for all down-tracks (<see cref="ReceivedPacketRing"/>): same sequence number,
/// timestamp, payload type, marker, payload and VP8 picture ID / TL0PICIDX as sent; the extensions that are the
/// subscriber's own (transport-wide sequence number, abs-send-time, mid) written afresh. It goes out as RTX (RFC 4588:
/// the RTX SSRC and payload type, the RTX stream's own sequence numbers, the original sequence number before the
/// payload) when the subscriber negotiated RTX for the codec and an RTX SSRC was announced, else as a plain copy with
/// the same sequence number. Allocates nothing.
/// </summary>
public sealed partial class DownTrack
{
    /// <summary>At most this many resends of one packet.</summary>
    public const int MaxResendsPerPacket = 8;

    private readonly SentPacketMap? _sent;
    private readonly byte[] _rtxPayloadTypes;
    private ushort _rtxSequenceNumber;

    /// <summary>A packet is resent at most once in this interval (NACKs repeated in one burst are answered once).</summary>
    public static TimeSpan MinResendInterval { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Generic NACK packets received from the subscriber about this down-track.</summary>
    public long NacksReceived { get; private set; }

    /// <summary>Sequence numbers those NACKs named.</summary>
    public long NackedPacketsReceived { get; private set; }

    /// <summary>Packets resent after a NACK (as RTX or plain).</summary>
    public long RetransmissionsSent { get; private set; }

    /// <summary>NACKed packets that could not be resent: never sent, or no longer remembered or kept.</summary>
    public long RetransmissionsMissed { get; private set; }

    /// <summary>True when the down-track can resend what it sends (its subscriber negotiated NACK for a codec).</summary>
    public bool CachesPackets => _sent is not null;

    /// <summary>Subscriber payload type → its RTX payload type (<see cref="CodecMapping.NoPayloadType"/> where none).</summary>
    private static byte[] BuildRtxPayloadTypeMap(IReadOnlyList<NegotiatedCodec> codecs)
    {
        var map = new byte[128];
        Array.Fill(map, CodecMapping.NoPayloadType);
        foreach (var codec in codecs)
        {
            if ((uint)codec.PayloadType <= 127 && codec.RtxPayloadType is int rtx && (uint)rtx <= 127)
            {
                map[codec.PayloadType] = (byte)rtx;
            }
        }

        return map;
    }

    private static bool AnyNack(IReadOnlyList<NegotiatedCodec> codecs)
    {
        foreach (var codec in codecs)
        {
            if (codec.Nack)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A NACK from the subscriber: resends each named packet that is still known and within the resend bounds.</summary>
    internal void OnNack(scoped in Rtcp.GenericNack nack, Span<byte> scratch, long now)
    {
        NacksReceived++;
        _context.Metrics.NackReceived();
        foreach (ushort sequenceNumber in nack)
        {
            NackedPacketsReceived++;
            Resend(sequenceNumber, scratch, now);
        }
    }

    private void Resend(ushort sequenceNumber, Span<byte> scratch, long now)
    {
        if (_sent is null || IsClosed)
        {
            RetransmissionsMissed++;
            return;
        }

        uint nowMs = unchecked((uint)RtpClock.ToUnits(now, _context.Frequency, 1000));
        uint minIntervalMs = (uint)MinResendInterval.TotalMilliseconds;
        if (!_sent.TryTakeForResend(sequenceNumber, nowMs, minIntervalMs, MaxResendsPerPacket, out SentPacketRecord record, out bool known))
        {
            if (!known)
            {
                RetransmissionsMissed++;
            }

            return;
        }

        int length = Rebuild(record, scratch, now);
        if (length < 0)
        {
            _sent.Forget(sequenceNumber); // its received copy is gone: every later NACK of it is a miss too
            RetransmissionsMissed++;
            return;
        }

        // A resend is a new packet on the transport: it took a new transport-wide sequence number.
        ushort transportSequenceNumber = _endpoint.TransportSequenceNumber;
        if (_endpoint.Sink.SendRtp(scratch, length))
        {
            RetransmissionsSent++;
            _context.Metrics.RetransmissionSent();
            if (_transportSequenceId != 0)
            {
                _endpoint.OnPacketSent(transportSequenceNumber, length, now, isProbe: false);
            }
        }
    }

    /// <summary>
    /// Rebuilds the packet <paramref name="record"/> describes into <paramref name="scratch"/> from its receive stream's
    /// copy, as RTX where negotiated. Returns the length, or -1 when the received copy is no longer kept.
    /// </summary>
    private int Rebuild(in SentPacketRecord record, Span<byte> scratch, long now)
    {
        if (record.RidIndex >= _track.LayerCount)
        {
            return -1;
        }

        RtpStreamReceiver receiver = _track.Receiver(new RidIndex(record.RidIndex));
        ReadOnlySpan<byte> original = receiver.Retransmissions is { } ring
            ? ring.TryGet(receiver.RetransmissionKeyFromLow32(record.SourceSequence))
            : default;
        if (original.IsEmpty || RtpHeader.TryParse(original, out RtpHeader header) != RtpParseError.None)
        {
            return -1;
        }

        var packet = new IncomingPacket { Packet = original, Header = header, RidIndex = receiver.RidIndex, Now = now };
        _track.FindCopiedExtensions(ref packet);
        byte rtxPayloadType = _rtxPayloadTypes[record.PayloadType];
        bool asRtx = rtxPayloadType != CodecMapping.NoPayloadType && Parameters.RtxSsrc is not null;
        int length = asRtx
            ? WriteHeader(packet, scratch, Parameters.RtxSsrc!.Value, rtxPayloadType, _rtxSequenceNumber, record.Timestamp, payloadPrefix: 2)
            : WriteHeader(packet, scratch, Parameters.Ssrc, record.PayloadType, record.Sequence, record.Timestamp, payloadPrefix: 0);
        if (length < 0)
        {
            return -1;
        }

        if (asRtx)
        {
            _rtxSequenceNumber++;
            BinaryPrimitives.WriteUInt16BigEndian(scratch.Slice(length), record.Sequence); // the original sequence number
            length += 2;
        }

        Span<byte> payload = scratch.Slice(length, header.PayloadLength);
        header.GetPayload(original).CopyTo(payload);
        if (record.HasVp8Rewrite && Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            new Vp8Rewrite(descriptor, record.PictureId, record.Tl0PicIdx).Apply(payload);
        }

        return length + header.PayloadLength;
    }

    /// <summary>Most padding in one probe packet (the padding count is one octet).</summary>
    private const int MaxPaddingPerPacket = 255;

    /// <summary>
    /// True when this down-track can carry probe padding: video with an RTX stream for the codec it forwarded last, a
    /// packet already sent, and transport-wide sequence numbers (the probe is measured through them). Also while the
    /// allocator pauses it: probing is how it comes back.
    /// </summary>
    internal bool CanSendPadding =>
        _isVideo && !IsClosed && PacketsSent > 0 && _transportSequenceId != 0 && Parameters.RtxSsrc is not null
        && _lastPayloadType != CodecMapping.NoPayloadType && _rtxPayloadTypes[_lastPayloadType] != CodecMapping.NoPayloadType;

    /// <summary>
    /// Sends about <paramref name="bytes"/> of padding-only RTX packets (RFC 3550 padding; the receiver discards them
    /// after its transport-wide-cc accounting) as part of a bandwidth probe. Returns the bytes sent.
    /// </summary>
    internal int SendPadding(Span<byte> scratch, int bytes, long now)
    {
        int sent = 0;
        Span<byte> value = stackalloc byte[3];
        while (sent < bytes)
        {
            int padding = Math.Min(MaxPaddingPerPacket, Math.Max(bytes - sent, 32));
            scratch[0] = 0xA0; // V=2, P=1
            scratch[1] = _rtxPayloadTypes[_lastPayloadType];
            BinaryPrimitives.WriteUInt16BigEndian(scratch.Slice(2), _rtxSequenceNumber++);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(4), _timestamps.LastOutgoing);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(8), Parameters.RtxSsrc!.Value);
            int length = RtpHeader.FixedHeaderLength;
            var extensions = new RtpHeaderExtensionWriter(scratch.Slice(length));
            AddAbsSendTime(ref extensions, value, now);

            ushort transportSequenceNumber = _endpoint.TransportSequenceNumber;
            BinaryPrimitives.WriteUInt16BigEndian(value, transportSequenceNumber);
            extensions.TryAdd(_transportSequenceId, value.Slice(0, 2));
            length += extensions.Finish();
            scratch[0] |= 0x10;
            scratch.Slice(length, padding - 1).Clear();
            scratch[length + padding - 1] = (byte)padding;
            length += padding;
            if (!_endpoint.Sink.SendRtp(scratch, length))
            {
                break;
            }

            _endpoint.OnPacketSent(transportSequenceNumber, length, now, isProbe: true);
            _context.Metrics.ProbePaddingSent(length);
            sent += length;
        }

        return sent;
    }
}
