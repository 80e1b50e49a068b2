using System.Buffers.Binary;
using System.Text;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtp;

namespace Sfu.Core.Forwarding;

/// <summary>
/// Writes the RTP headers one down-track sends: V=2 without padding, the publisher's marker and CSRCs, the down-track's
/// SSRC, payload type, sequence number and timestamp, and a new extension block in the subscriber's ids (mid until the
/// subscriber reports on the stream, abs-send-time now, the transport's next transport-wide sequence number, and the
/// publisher's values both sides negotiated). Owned by its <see cref="DownTrack"/>; used for forwarded packets, resends
/// and probe padding alike. Allocates nothing.
/// </summary>
internal sealed class DownTrackHeaderWriter
{
    /// <summary>Upper bound of the extension block this class writes, beyond the mid value.</summary>
    internal const int MaxExtensionBlockLength = 40;

    /// <summary>Room left after the packet for the SRTP tag (see <see cref="Transport.IRtpPacketSink"/>).</summary>
    internal const int SrtpRoom = 20;

    private readonly ForwardingContext _context;
    private readonly SubscriberEndpoint _endpoint;
    private readonly byte[] _mid;
    private readonly int _midId;
    private readonly int _absSendTimeId;
    private readonly int _transportSequenceId;
    private readonly int _audioLevelId;
    private readonly int _videoOrientationId;
    private readonly int _transmissionOffsetId;
    private readonly int _playoutDelayId;

    internal DownTrackHeaderWriter(ForwardingContext context, SubscriberEndpoint endpoint, HeaderExtensionIds publisher, DownTrackParameters parameters)
    {
        _context = context;
        _endpoint = endpoint;
        HeaderExtensionIds subscriber = HeaderExtensionIds.From(parameters.HeaderExtensions);
        _midId = subscriber.Mid;
        _mid = DownTrack.Truncate(Encoding.UTF8.GetBytes(parameters.Mid ?? ""), 255);
        if (_mid.Length == 0)
        {
            _midId = 0;
        }

        _absSendTimeId = subscriber.AbsSendTime;
        _transportSequenceId = subscriber.TransportWideCc;
        _audioLevelId = publisher.AudioLevel != 0 ? subscriber.AudioLevel : 0;
        _videoOrientationId = publisher.VideoOrientation != 0 ? subscriber.VideoOrientation : 0;
        _transmissionOffsetId = publisher.TransmissionOffset != 0 ? subscriber.TransmissionOffset : 0;
        _playoutDelayId = publisher.PlayoutDelay != 0 ? subscriber.PlayoutDelay : 0;
    }

    /// <summary>The subscriber negotiated abs-send-time.</summary>
    internal bool HasAbsSendTime => _absSendTimeId != 0;

    /// <summary>The subscriber negotiated transport-wide sequence numbers: every packet sent is reported to the transport's feedback.</summary>
    internal bool HasTransportSequence => _transportSequenceId != 0;

    /// <summary>The subscriber reported on the stream: mid is no longer sent.</summary>
    internal bool MidAcknowledged { get; set; }

    /// <summary>
    /// Writes the header into <paramref name="scratch"/> (see the class summary). Returns its length, or -1 when the
    /// header, <paramref name="payloadPrefix"/> bytes and the payload would not fit (counted as oversized).
    /// </summary>
    internal int Write(scoped in IncomingPacket packet, Span<byte> scratch, uint ssrc, byte payloadType, ushort sequenceNumber, uint timestamp, int payloadPrefix)
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
        if (_midId != 0 && !MidAcknowledged)
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

    /// <summary>
    /// Writes the extension block of a probe padding packet after its fixed header at the start of
    /// <paramref name="scratch"/> (abs-send-time when negotiated, and <paramref name="transportSequenceNumber"/>), sets
    /// the header's X bit, and returns the header's length.
    /// </summary>
    internal int WritePaddingExtensions(Span<byte> scratch, ushort transportSequenceNumber, long now)
    {
        Span<byte> value = stackalloc byte[3];
        int length = RtpHeader.FixedHeaderLength;
        var extensions = new RtpHeaderExtensionWriter(scratch.Slice(length));
        AddAbsSendTime(ref extensions, value, now);
        BinaryPrimitives.WriteUInt16BigEndian(value, transportSequenceNumber);
        extensions.TryAdd(_transportSequenceId, value.Slice(0, 2));
        length += extensions.Finish();
        scratch[0] |= 0x10;
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
