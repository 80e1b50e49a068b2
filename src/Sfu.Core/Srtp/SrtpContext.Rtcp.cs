using System.Buffers.Binary;

namespace Sfu.Core.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>Bytes of the RTCP header SRTCP leaves in the clear: V/P/RC, PT, length and the sender SSRC.</summary>
    private const int RtcpClearHeaderLength = 8;

    /// <summary>
    /// Protects the (compound) RTCP packet in <c>buffer[..length]</c> in place: encrypts everything after the first
    /// 8 bytes, appends E = 1 with the SSRC's next 31-bit SRTCP index, and the tag (RFC 3711 section 3.4; RFC 7714
    /// section 9 puts the tag before the index word). The buffer needs <see cref="RtcpOverhead"/> spare bytes.
    /// </summary>
    /// <remarks>
    /// <code>
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |V=2|P|    RC   |   PT=SR=200   |             length            |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                         SSRC of sender                        |
    /// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
    /// |              encrypted rest of the compound packet ...        |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |E|                         SRTCP index                         |  AES-CM: then tag (10)
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  GCM: tag (16) comes before this word
    /// </code>
    /// </remarks>
    public SrtpError ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);

        if (length < RtcpClearHeaderLength)
        {
            return SrtpError.TooShort;
        }

        if ((buffer[0] >> 6) != 2)
        {
            return SrtpError.InvalidHeader;
        }

        if (buffer.Length - length < _rtcpTrailerLength)
        {
            return SrtpError.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        SrtpSsrcState? state = _ssrcs.FindOrAdd(ssrc);
        if (state is null)
        {
            return _ssrcs.IsRetired(ssrc) ? SrtpError.SsrcRetired : SrtpError.TooManySsrcs;
        }

        uint index = state.NextSrtcpIndex;
        if (index > 0x7FFF_FFFFu)
        {
            return SrtpError.IndexExhausted;
        }

        state.NextSrtcpIndex = index + 1;
        SrtpError error = _transform.ProtectRtcp(buffer[..(length + _rtcpTrailerLength)], length, ssrc, index);
        if (error == SrtpError.Ok)
        {
            protectedLength = length + _rtcpTrailerLength;
        }

        return error;
    }

    /// <summary>
    /// Unprotects the SRTCP datagram <paramref name="packet"/> in place: reads E and the SRTCP index, checks the
    /// SSRC's SRTCP replay window, authenticates and (when E = 1) decrypts. On <see cref="SrtpError.Ok"/> the RTCP
    /// packet is <c>packet[..plainLength]</c>; the replay window only moves after successful authentication.
    /// </summary>
    public SrtpError UnprotectRtcp(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (packet.Length < RtcpClearHeaderLength + _rtcpTrailerLength)
        {
            return SrtpError.TooShort;
        }

        if ((packet[0] >> 6) != 2)
        {
            return SrtpError.InvalidHeader;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet[_transform.SrtcpIndexOffset(packet.Length)..]);
        bool encrypted = (indexWord & 0x8000_0000u) != 0;
        uint index = indexWord & 0x7FFF_FFFFu;

        SrtpSsrcState? state = _ssrcs.Find(ssrc);
        if (state is null)
        {
            if (_ssrcs.IsRetired(ssrc))
            {
                return SrtpError.SsrcRetired;
            }

            if (_ssrcs.IsFull)
            {
                return SrtpError.TooManySsrcs;
            }
        }
        else
        {
            SrtpError error = state.RtcpReplay.Check(index);
            if (error != SrtpError.Ok)
            {
                return error;
            }
        }

        SrtpError result = _transform.UnprotectRtcp(packet, ssrc, index, encrypted);
        if (result != SrtpError.Ok)
        {
            return result;
        }

        state ??= _ssrcs.FindOrAdd(ssrc)!;
        state.RtcpReplay.Accept(index);
        plainLength = packet.Length - _rtcpTrailerLength;
        return SrtpError.Ok;
    }
}
