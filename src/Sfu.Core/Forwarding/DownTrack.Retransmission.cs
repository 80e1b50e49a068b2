using System.Buffers.Binary;
using Sfu.Core.Rtp;
using Sfu.Core.Sdp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Answers the subscriber's NACKs from the down-track's own cache of sent packets: as RTX (RFC 4588: the RTX SSRC and
/// payload type, the RTX stream's own sequence numbers, the original sequence number before the payload) when the
/// subscriber negotiated RTX for the codec and an RTX SSRC was announced, else as a plain copy with the same sequence
/// number. Allocates nothing.
/// </summary>
public sealed partial class DownTrack
{
    /// <summary>At most this many resends of one packet.</summary>
    public const int MaxResendsPerPacket = 8;

    private readonly PacketCache? _cache;
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

    /// <summary>NACKed packets that could not be resent: no longer (or never) in the cache.</summary>
    public long RetransmissionsMissed { get; private set; }

    /// <summary>True when the down-track caches what it sends (its subscriber negotiated NACK for a codec).</summary>
    public bool CachesPackets => _cache is not null;

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

    /// <summary>Keeps a copy of a packet about to be sent (before the transport protects it in place).</summary>
    private void CacheSent(ushort sequenceNumber, ReadOnlySpan<byte> packet) => _cache?.Store(sequenceNumber, packet);

    /// <summary>A NACK from the subscriber: resends each named packet that is cached and within the resend bounds.</summary>
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
        if (_cache is null || IsClosed)
        {
            RetransmissionsMissed++;
            return;
        }

        long minInterval = (long)(MinResendInterval.TotalSeconds * _context.Frequency);
        ReadOnlySpan<byte> packet = _cache.TryTakeForResend(sequenceNumber, now, minInterval, MaxResendsPerPacket, out bool cached);
        if (packet.IsEmpty)
        {
            if (!cached)
            {
                RetransmissionsMissed++;
            }

            return;
        }

        if (RtpHeader.TryParse(packet, out RtpHeader header) != RtpParseError.None)
        {
            return; // cannot happen: the cache holds packets this class wrote
        }

        int length;
        byte rtxPayloadType = _rtxPayloadTypes[header.PayloadType];
        if (rtxPayloadType != CodecMapping.NoPayloadType && Parameters.RtxSsrc is uint rtxSsrc)
        {
            int headerLength = header.PayloadOffset;
            packet.Slice(0, headerLength).CopyTo(scratch);
            scratch[0] &= 0xDF; // no padding
            scratch[1] = (byte)((scratch[1] & 0x80) | rtxPayloadType);
            BinaryPrimitives.WriteUInt16BigEndian(scratch.Slice(2), _rtxSequenceNumber++);
            BinaryPrimitives.WriteUInt32BigEndian(scratch.Slice(8), rtxSsrc);
            BinaryPrimitives.WriteUInt16BigEndian(scratch.Slice(headerLength), sequenceNumber);
            header.GetPayload(packet).CopyTo(scratch.Slice(headerLength + 2));
            length = headerLength + 2 + header.PayloadLength;
        }
        else
        {
            packet.CopyTo(scratch);
            length = packet.Length;
        }

        // A resend is a new packet on the transport: it takes a new transport-wide sequence number.
        ushort transportSequenceNumber = _endpoint.TransportSequenceNumber;
        if (_transportSequenceId != 0
            && RtpHeaderExtensions.TryFindMutable(scratch.Slice(0, length), header, _transportSequenceId, out Span<byte> transportSequence)
            && transportSequence.Length == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(transportSequence, transportSequenceNumber);
        }

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
