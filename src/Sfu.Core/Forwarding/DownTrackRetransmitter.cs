using System.Buffers.Binary;
using Sfu.Core.Rtp;
using Sfu.Core.Rtp.Codecs;
using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Answers one down-track's NACKs and sends its probe padding. It keeps no copy of what was sent: its
/// <see cref="SentPacketMap"/> says which received packet each outgoing sequence number was and how it was rewritten,
/// and the packet is rebuilt from the copy its receive stream keeps once for all down-tracks
/// (<see cref="ReceivedPacketRing"/>): same sequence number, timestamp, payload type, marker, payload and VP8 picture ID /
/// TL0PICIDX as sent; the extensions that are the subscriber's own (transport-wide sequence number, abs-send-time, mid)
/// written afresh. It goes out as RTX (RFC 4588: the RTX SSRC and payload type, the RTX stream's own sequence numbers,
/// the original sequence number before the payload) when the subscriber negotiated RTX for the codec and an RTX SSRC
/// was announced, else as a plain copy with the same sequence number. Owned by its <see cref="DownTrack"/>, on the
/// room's media worker thread. Allocates nothing.
/// </summary>
internal sealed class DownTrackRetransmitter
{
    /// <summary>Most padding in one probe packet (the padding count is one octet).</summary>
    private const int MaxPaddingPerPacket = 255;

    private readonly ForwardingContext _context;
    private readonly PublishedTrack _track;
    private readonly SubscriberEndpoint _endpoint;
    private readonly DownTrackParameters _parameters;
    private readonly DownTrackHeaderWriter _headers;
    private readonly SentPacketMap? _sent;
    private readonly byte[] _rtxPayloadTypes;
    private ushort _rtxSequenceNumber;

    internal DownTrackRetransmitter(ForwardingContext context, PublishedTrack track, SubscriberEndpoint endpoint, DownTrackParameters parameters, DownTrackHeaderWriter headers)
    {
        _context = context;
        _track = track;
        _endpoint = endpoint;
        _parameters = parameters;
        _headers = headers;
        _rtxPayloadTypes = BuildRtxPayloadTypeMap(parameters.Codecs);
        _sent = AnyNack(parameters.Codecs) ? new SentPacketMap() : null;
        _rtxSequenceNumber = (ushort)Random.Shared.Next(0, 0x10000);
    }

    /// <summary>Generic NACK packets received from the subscriber about this down-track.</summary>
    internal long NacksReceived { get; private set; }

    /// <summary>Sequence numbers those NACKs named.</summary>
    internal long NackedPacketsReceived { get; private set; }

    /// <summary>Packets resent after a NACK (as RTX or plain).</summary>
    internal long RetransmissionsSent { get; private set; }

    /// <summary>NACKed packets that could not be resent: never sent, or no longer remembered or kept.</summary>
    internal long RetransmissionsMissed { get; private set; }

    /// <summary>True when sent packets are remembered for resending (the subscriber negotiated NACK for a codec).</summary>
    internal bool CachesPackets => _sent is not null;

    /// <summary>True when an RTX SSRC was announced and the subscriber negotiated RTX for <paramref name="payloadType"/>.</summary>
    internal bool HasRtxFor(byte payloadType) =>
        _parameters.RtxSsrc is not null && payloadType != CodecMapping.NoPayloadType && _rtxPayloadTypes[payloadType] != CodecMapping.NoPayloadType;

    /// <summary>Remembers a packet handed to the transport, for resending (nothing when the subscriber did not negotiate NACK).</summary>
    internal void Record(ushort sequenceNumber, RidIndex rid, long sourceKey, byte payloadType, uint timestamp, bool isVp8, in Vp8Rewrite vp8) =>
        _sent?.Record(sequenceNumber, rid, sourceKey, payloadType, timestamp, isVp8, vp8.PictureId, vp8.Tl0PicIdx);

    /// <summary>
    /// A NACK from the subscriber: resends each named packet that is still known and within the resend bounds; none
    /// when the down-track is <paramref name="closed"/>.
    /// </summary>
    internal void OnNack(scoped in Rtcp.GenericNack nack, Span<byte> scratch, long now, bool closed)
    {
        NacksReceived++;
        _context.Metrics.NackReceived();
        foreach (ushort sequenceNumber in nack)
        {
            NackedPacketsReceived++;
            Resend(sequenceNumber, scratch, now, closed);
        }
    }

    private void Resend(ushort sequenceNumber, Span<byte> scratch, long now, bool closed)
    {
        if (_sent is null || closed)
        {
            RetransmissionsMissed++;
            return;
        }

        uint nowMs = unchecked((uint)RtpClock.ToUnits(now, _context.Frequency, 1000));
        uint minIntervalMs = (uint)DownTrack.MinResendInterval.TotalMilliseconds;
        if (!_sent.TryTakeForResend(sequenceNumber, nowMs, minIntervalMs, DownTrack.MaxResendsPerPacket, out SentPacketRecord record, out bool known))
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
            if (_headers.HasTransportSequence)
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
        bool asRtx = rtxPayloadType != CodecMapping.NoPayloadType && _parameters.RtxSsrc is not null;
        int length = asRtx
            ? _headers.Write(packet, scratch, _parameters.RtxSsrc!.Value, rtxPayloadType, _rtxSequenceNumber, record.Timestamp, payloadPrefix: 2)
            : _headers.Write(packet, scratch, _parameters.Ssrc, record.PayloadType, record.Sequence, record.Timestamp, payloadPrefix: 0);
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

    /// <summary>
    /// Sends about <paramref name="bytes"/> of padding-only RTX packets (RFC 3550 padding; the receiver discards them
    /// after its transport-wide-cc accounting) as part of a bandwidth probe, on the RTX stream of
    /// <paramref name="payloadType"/> at <paramref name="timestamp"/>. Returns the bytes sent.
    /// </summary>
    internal int SendPadding(Span<byte> scratch, int bytes, long now, byte payloadType, uint timestamp)
    {
        int sent = 0;
        while (sent < bytes)
        {
            int padding = Math.Min(MaxPaddingPerPacket, Math.Max(bytes - sent, 32));
            scratch[0] = 0xA0; // V=2, P=1
            scratch[1] = _rtxPayloadTypes[payloadType];
            BinaryPrimitives.WriteUInt16BigEndian(scratch.Slice(2), _rtxSequenceNumber++);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(8), _parameters.RtxSsrc!.Value);
            ushort transportSequenceNumber = _endpoint.TransportSequenceNumber;
            int length = _headers.WritePaddingExtensions(scratch, transportSequenceNumber, now);
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
}
