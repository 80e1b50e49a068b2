using System.Buffers.Binary;

namespace Sfu.Core.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTP packet in <c>buffer[..length]</c> in place: encrypts the payload (header, CSRCs and header
    /// extension stay clear) and appends the tag. The buffer needs <see cref="RtpOverhead"/> spare bytes after the packet.
    /// The sending ROC of the SSRC advances when the sequence number wraps.
    /// </summary>
    public SrtpError ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);

        SrtpError error = SrtpRtpHeader.TryGetHeaderLength(buffer[..length], out int headerLength);
        if (error != SrtpError.Ok)
        {
            return error;
        }

        if (buffer.Length - length < _rtpTagLength)
        {
            return SrtpError.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        SrtpSsrcState? state = _ssrcs.FindOrAdd(ssrc);
        if (state is null)
        {
            return _ssrcs.IsRetired(ssrc) ? SrtpError.SsrcRetired : SrtpError.TooManySsrcs;
        }

        ulong index;
        if (!state.HasSentRtp)
        {
            index = sequenceNumber;
            state.HasSentRtp = true;
            state.HighestSentRtpIndex = index;
        }
        else if (SrtpPacketIndex.TryEstimate(state.HighestSentRtpIndex, sequenceNumber, out index))
        {
            if (index >= SrtpPacketIndex.Limit)
            {
                return SrtpError.IndexExhausted;
            }

            if (index > state.HighestSentRtpIndex)
            {
                state.HighestSentRtpIndex = index;
            }
        }
        else
        {
            // A resend from "before" the first packet of a stream that started with ROC 0: it can only be ROC 0.
            index = sequenceNumber;
        }

        error = _transform.ProtectRtp(buffer[..(length + _rtpTagLength)], headerLength, length, ssrc, index);
        if (error == SrtpError.Ok)
        {
            protectedLength = length + _rtpTagLength;
        }

        return error;
    }

    /// <summary>
    /// Unprotects the SRTP datagram <paramref name="packet"/> in place: estimates its index (RFC 3711 section 3.3.1),
    /// checks the replay window, authenticates and decrypts. On <see cref="SrtpError.Ok"/> the RTP packet is
    /// <c>packet[..plainLength]</c>. The SSRC's ROC and replay window only move after successful authentication; on
    /// any other result the packet is to be dropped (an AEAD packet that failed authentication may have been
    /// overwritten).
    /// </summary>
    public SrtpError UnprotectRtp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (packet.Length < SrtpRtpHeader.FixedLength + _rtpTagLength)
        {
            return SrtpError.TooShort;
        }

        int authenticatedLength = packet.Length - _rtpTagLength;
        SrtpError error = SrtpRtpHeader.TryGetHeaderLength(packet[..authenticatedLength], out int headerLength);
        if (error != SrtpError.Ok)
        {
            return error;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        SrtpSsrcState? state = _ssrcs.Find(ssrc);
        ulong index;
        if (state is null || !state.RtpReplay.HasAccepted)
        {
            if (state is null && _ssrcs.IsRetired(ssrc))
            {
                return SrtpError.SsrcRetired;
            }

            if (state is null && _ssrcs.IsFull)
            {
                return SrtpError.TooManySsrcs;
            }

            // First packet of the SSRC: DTLS-SRTP senders start with ROC 0.
            index = sequenceNumber;
        }
        else
        {
            if (!SrtpPacketIndex.TryEstimate(state.RtpReplay.Highest, sequenceNumber, out index) || index >= SrtpPacketIndex.Limit)
            {
                return SrtpError.ReplayTooOld;
            }

            error = state.RtpReplay.Check(index);
            if (error != SrtpError.Ok)
            {
                return error;
            }
        }

        error = _transform.UnprotectRtp(packet, headerLength, ssrc, index);
        if (error != SrtpError.Ok)
        {
            return error;
        }

        // Only an authenticated packet creates state, so forged SSRCs cannot fill the table.
        state ??= _ssrcs.FindOrAdd(ssrc)!;
        state.RtpReplay.Accept(index);
        plainLength = authenticatedLength;
        return SrtpError.Ok;
    }
}
