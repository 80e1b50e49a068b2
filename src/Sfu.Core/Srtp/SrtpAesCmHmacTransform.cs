using System.Buffers.Binary;
using System.Security.Cryptography;
using Sfu.Core.Srtp.Crypto;

namespace Sfu.Core.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 (RFC 3711): AES-128 counter mode for confidentiality, HMAC-SHA1 truncated to 80 bits for
/// authentication, with separate session keys for SRTP and SRTCP.
/// </summary>
/// <remarks>
/// SRTP packet (RFC 3711 section 3.1) and SRTCP packet (section 3.4):
/// <code>
///  SRTP:  | RTP header | encrypted payload (incl. RTP padding) | auth tag (10) |
///         authenticated: header || encrypted payload || ROC (4, not sent)
///
///  SRTCP: | header (8) | encrypted rest of compound | E | SRTCP index (31) | auth tag (10) |
///         authenticated: everything before the tag
/// </code>
/// Counter-mode IV (section 4.1.1): IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i the 48-bit packet index or
/// the 31-bit SRTCP index.
/// </remarks>
internal sealed class SrtpAesCmHmacTransform : SrtpTransform
{
    private const int TagLength = 10;
    private const int BlockSize = 16;
    private const int SaltLength = 14;
    private const int RtcpHeaderLength = 8;

    private readonly SrtpAesCtrCipher _rtpCipher;
    private readonly SrtpHmacSha1 _rtpMac;
    private readonly byte[] _rtpSalt;
    private readonly SrtpAesCtrCipher _rtcpCipher;
    private readonly SrtpHmacSha1 _rtcpMac;
    private readonly byte[] _rtcpSalt;

    public SrtpAesCmHmacTransform(SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys, SrtpCryptoBackend backend)
    {
        _rtpSalt = rtpKeys.Salt;
        _rtcpSalt = rtcpKeys.Salt;
        if (_rtpSalt.Length != SaltLength || _rtcpSalt.Length != SaltLength)
        {
            throw new ArgumentException("AES-CM session salts are 112 bits.");
        }

        try
        {
            _rtpCipher = SrtpCryptoFactory.CreateAesCtr(backend, rtpKeys.EncryptionKey);
            _rtpMac = SrtpCryptoFactory.CreateHmacSha1(backend, rtpKeys.AuthenticationKey);
            _rtcpCipher = SrtpCryptoFactory.CreateAesCtr(backend, rtcpKeys.EncryptionKey);
            _rtcpMac = SrtpCryptoFactory.CreateHmacSha1(backend, rtcpKeys.AuthenticationKey);
        }
        catch
        {
            Dispose(disposing: true);
            throw;
        }
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTagLength => TagLength;

    public override int SrtcpIndexOffset(int protectedLength) => protectedLength - TagLength - SrtcpIndexLength;

    public override SrtpError ProtectRtp(Span<byte> packet, int headerLength, int plainLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[BlockSize];
        BuildIv(_rtpSalt, ssrc, index, iv);
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[SrtpHmacSha1.MacLength];
        if (!_rtpCipher.Transform(iv, packet[headerLength..plainLength])
            || !_rtpMac.Compute(packet[..plainLength], roc, mac))
        {
            return SrtpError.CryptoBackendFailure;
        }

        mac[..TagLength].CopyTo(packet[plainLength..]);
        return SrtpError.Ok;
    }

    public override SrtpError UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = packet.Length - TagLength;
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        Span<byte> mac = stackalloc byte[SrtpHmacSha1.MacLength];
        if (!_rtpMac.Compute(packet[..authenticatedLength], roc, mac))
        {
            return SrtpError.CryptoBackendFailure;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet[authenticatedLength..]))
        {
            return SrtpError.AuthenticationFailed;
        }

        Span<byte> iv = stackalloc byte[BlockSize];
        BuildIv(_rtpSalt, ssrc, index, iv);
        return _rtpCipher.Transform(iv, packet[headerLength..authenticatedLength]) ? SrtpError.Ok : SrtpError.CryptoBackendFailure;
    }

    public override SrtpError ProtectRtcp(Span<byte> packet, int plainLength, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[BlockSize];
        BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        if (!_rtcpCipher.Transform(iv, packet[RtcpHeaderLength..plainLength]))
        {
            return SrtpError.CryptoBackendFailure;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[plainLength..], 0x8000_0000u | srtcpIndex);
        int authenticatedLength = plainLength + SrtcpIndexLength;
        Span<byte> mac = stackalloc byte[SrtpHmacSha1.MacLength];
        if (!_rtcpMac.Compute(packet[..authenticatedLength], default, mac))
        {
            return SrtpError.CryptoBackendFailure;
        }

        mac[..TagLength].CopyTo(packet[authenticatedLength..]);
        return SrtpError.Ok;
    }

    public override SrtpError UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        int authenticatedLength = packet.Length - TagLength;
        Span<byte> mac = stackalloc byte[SrtpHmacSha1.MacLength];
        if (!_rtcpMac.Compute(packet[..authenticatedLength], default, mac))
        {
            return SrtpError.CryptoBackendFailure;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], packet[authenticatedLength..]))
        {
            return SrtpError.AuthenticationFailed;
        }

        if (!encrypted)
        {
            return SrtpError.Ok;
        }

        Span<byte> iv = stackalloc byte[BlockSize];
        BuildIv(_rtcpSalt, ssrc, srtcpIndex, iv);
        return _rtcpCipher.Transform(iv, packet[RtcpHeaderLength..(authenticatedLength - SrtcpIndexLength)])
            ? SrtpError.Ok
            : SrtpError.CryptoBackendFailure;
    }

    /// <summary>
    /// <code>
    ///  byte:  0  1  2  3 | 4  5  6  7 | 8  9 10 11 12 13 | 14 15
    ///         k_s        | k_s ^ SSRC | k_s ^ index (48) | 00 00
    /// </code>
    /// </summary>
    internal static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(salt[4..]) ^ ssrc);
        ulong saltLow = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(salt[8..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(salt[10..]);
        ulong mixed = saltLow ^ (index & 0xFFFF_FFFF_FFFFUL);
        BinaryPrimitives.WriteUInt16BigEndian(iv[8..], (ushort)(mixed >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(iv[10..], (uint)mixed);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Null-conditional: also called from a constructor that failed half-way.
            _rtpCipher?.Dispose();
            _rtpMac?.Dispose();
            _rtcpCipher?.Dispose();
            _rtcpMac?.Dispose();
        }
    }
}
