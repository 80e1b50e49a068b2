using System.Buffers.Binary;
using Sfu.Core.Srtp.Crypto;

namespace Sfu.Core.Srtp;

/// <summary>
/// AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714): AES-GCM with a 16-byte tag, separate session keys for SRTP and
/// SRTCP.
/// </summary>
/// <remarks>
/// <code>
///  SRTP (section 8):   | RTP header = AAD | ciphertext (payload incl. padding) | tag (16) |
///    IV = salt XOR ( 00 00 | SSRC (4) | ROC (4) | SEQ (2) )
///
///  SRTCP (section 9):  | header (8) | ciphertext | tag (16) | E | SRTCP index (31) |
///    AAD = header (8) || E|index (4); with E = 0 the whole RTCP packet is AAD and nothing is encrypted.
///    IV = salt XOR ( 00 00 | SSRC (4) | 00 00 | 0 | SRTCP index (31) )
/// </code>
/// </remarks>
internal sealed class SrtpAeadGcmTransform : SrtpTransform
{
    private const int TagLength = SrtpAesGcmCipher.TagLength;
    private const int NonceLength = SrtpAesGcmCipher.NonceLength;
    private const int RtcpHeaderLength = 8;

    private readonly SrtpAesGcmCipher _rtpCipher;
    private readonly byte[] _rtpSalt;
    private readonly SrtpAesGcmCipher _rtcpCipher;
    private readonly byte[] _rtcpSalt;

    public SrtpAeadGcmTransform(SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys, SrtpCryptoBackend backend)
    {
        _rtpSalt = rtpKeys.Salt;
        _rtcpSalt = rtcpKeys.Salt;
        if (_rtpSalt.Length != NonceLength || _rtcpSalt.Length != NonceLength)
        {
            throw new ArgumentException("AEAD session salts are 96 bits.");
        }

        try
        {
            _rtpCipher = SrtpCryptoFactory.CreateAesGcm(backend, rtpKeys.EncryptionKey);
            _rtcpCipher = SrtpCryptoFactory.CreateAesGcm(backend, rtcpKeys.EncryptionKey);
        }
        catch
        {
            Dispose(disposing: true);
            throw;
        }
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTagLength => TagLength;

    public override int SrtcpIndexOffset(int protectedLength) => protectedLength - SrtcpIndexLength;

    public override SrtpError ProtectRtp(Span<byte> packet, int headerLength, int plainLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        return _rtpCipher.Encrypt(nonce, packet[..headerLength], packet[headerLength..plainLength], packet[plainLength..])
            ? SrtpError.Ok
            : SrtpError.CryptoBackendFailure;
    }

    public override SrtpError UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int cipherEnd = packet.Length - TagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(_rtpSalt, ssrc, index, nonce);
        return _rtpCipher.Decrypt(nonce, packet[..headerLength], packet[headerLength..cipherEnd], packet[cipherEnd..])
            ? SrtpError.Ok
            : SrtpError.AuthenticationFailed;
    }

    public override SrtpError ProtectRtcp(Span<byte> packet, int plainLength, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, srtcpIndex, nonce);
        uint indexWord = 0x8000_0000u | srtcpIndex;
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtcpIndexLength];
        packet[..RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], indexWord);

        if (!_rtcpCipher.Encrypt(nonce, aad, packet[RtcpHeaderLength..plainLength], packet.Slice(plainLength, TagLength)))
        {
            return SrtpError.CryptoBackendFailure;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[(plainLength + TagLength)..], indexWord);
        return SrtpError.Ok;
    }

    public override SrtpError UnprotectRtcp(Span<byte> packet, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        int indexOffset = packet.Length - SrtcpIndexLength;
        int tagOffset = indexOffset - TagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(_rtcpSalt, ssrc, srtcpIndex, nonce);

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtcpIndexLength];
            packet[..RtcpHeaderLength].CopyTo(aad);
            packet[indexOffset..].CopyTo(aad[RtcpHeaderLength..]);
            return _rtcpCipher.Decrypt(nonce, aad, packet[RtcpHeaderLength..tagOffset], packet.Slice(tagOffset, TagLength))
                ? SrtpError.Ok
                : SrtpError.AuthenticationFailed;
        }

        // E = 0: AAD = the whole RTCP packet || E|index. The tag sits between the two, so move the tag aside and the
        // index word down next to the packet; the trailer is not part of the plaintext the caller gets back.
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(tagOffset, TagLength).CopyTo(tag);
        packet[indexOffset..].CopyTo(packet[tagOffset..]);
        return _rtcpCipher.Decrypt(nonce, packet[..(tagOffset + SrtcpIndexLength)], [], tag)
            ? SrtpError.Ok
            : SrtpError.AuthenticationFailed;
    }

    /// <summary>IV = salt XOR (00 00 || SSRC || ROC || SEQ), RFC 7714 section 8.1.</summary>
    internal static void BuildRtpNonce(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = salt[0];
        nonce[1] = salt[1];
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], BinaryPrimitives.ReadUInt32BigEndian(salt[2..]) ^ ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], BinaryPrimitives.ReadUInt32BigEndian(salt[6..]) ^ (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(salt[10..]) ^ (ushort)index));
    }

    /// <summary>IV = salt XOR (00 00 || SSRC || 00 00 || 0 || SRTCP index), RFC 7714 section 9.1.</summary>
    internal static void BuildRtcpNonce(ReadOnlySpan<byte> salt, uint ssrc, uint srtcpIndex, Span<byte> nonce)
    {
        nonce[0] = salt[0];
        nonce[1] = salt[1];
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], BinaryPrimitives.ReadUInt32BigEndian(salt[2..]) ^ ssrc);
        nonce[6] = salt[6];
        nonce[7] = salt[7];
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], BinaryPrimitives.ReadUInt32BigEndian(salt[8..]) ^ (srtcpIndex & 0x7FFF_FFFFu));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Null-conditional: also called from a constructor that failed half-way.
            _rtpCipher?.Dispose();
            _rtcpCipher?.Dispose();
        }
    }
}
