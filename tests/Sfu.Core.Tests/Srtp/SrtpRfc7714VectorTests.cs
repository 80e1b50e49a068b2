using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

/// <summary>
/// RFC 7714 sections 16 (SRTP) and 17 (SRTCP) packet vectors for AEAD_AES_128_GCM and AEAD_AES_256_GCM. The RFC gives
/// the session key and salt directly, so these contexts are keyed with session keys (no KDF).
/// </summary>
public class SrtpRfc7714VectorTests
{
    private const string Key128 = "000102030405060708090a0b0c0d0e0f";
    private const string Key256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Salt = "517569642070726f2071756f"; // "Quid pro quo"

    private const string RtpPlain =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    private const string RtpProtected128 =
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a"
        + "51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce";

    private const string RtpProtected256 =
        "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02"
        + "76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13";

    private const string RtcpPlain =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    private const string RtcpProtected128 =
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda"
        + "4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4";

    private const string RtcpProtected256 =
        "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be"
        + "8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c b26ac3be 800005d4";

    private const string RtcpTagOnly128 =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef"
        + "deadbeef 841dd968 3dd78ec9 2ae58790 125f62b3 000005d4";

    private const string RtcpTagOnly256 =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef"
        + "deadbeef 91db4afb feee5a97 8fab4393 ed2615fe 000005d4";

    private const uint RtcpSsrc = 0x4d617273;

    public static TheoryData<SrtpProfile, SrtpCryptoBackend> GcmProfileBackends()
    {
        var data = new TheoryData<SrtpProfile, SrtpCryptoBackend>();
        foreach (SrtpCryptoBackend backend in Backends)
        {
            data.Add(SrtpProfile.AeadAes128Gcm, backend);
            data.Add(SrtpProfile.AeadAes256Gcm, backend);
        }

        return data;
    }

    private static SrtpContext Create(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        byte[] key = Hex(profile == SrtpProfile.AeadAes128Gcm ? Key128 : Key256);
        var keys = new SrtpSessionKeys(key, [], Hex(Salt));
        return SrtpContext.CreateWithSessionKeys(profile, keys, keys, backend);
    }

    [Fact]
    public void Section16_RtpIv_MatchesPublishedValue()
    {
        Span<byte> nonce = stackalloc byte[12];
        SrtpAeadGcmTransform.BuildRtpNonce(Hex(Salt), ssrc: 0x5501a0b2, index: 0xf17b, nonce);
        Assert.Equal("51753c6580c2726f20718414", ToHex(nonce));
    }

    [Fact]
    public void Section17_RtcpIv_MatchesPublishedValue()
    {
        Span<byte> nonce = stackalloc byte[12];
        SrtpAeadGcmTransform.BuildRtcpNonce(Hex(Salt), RtcpSsrc, 0x5d4, nonce);
        Assert.Equal("517524055203726f207170bb", ToHex(nonce));
    }

    /// <summary>16.1.1 / 16.2.1: encryption produces the exact protected packet.</summary>
    [Theory]
    [MemberData(nameof(GcmProfileBackends))]
    public void Section16_ProtectRtp_ProducesPublishedPacket(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(profile, backend);
        byte[] plain = Hex(RtpPlain);
        byte[] buffer = new byte[plain.Length + 16];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpError.Ok, context.ProtectRtp(buffer, plain.Length, out int protectedLength));

        string expected = profile == SrtpProfile.AeadAes128Gcm ? RtpProtected128 : RtpProtected256;
        Assert.Equal(ToHex(Hex(expected)), ToHex(buffer.AsSpan(0, protectedLength)));
    }

    /// <summary>16.1.2 / 16.2.2: decryption recovers the plaintext; a second copy is a replay.</summary>
    [Theory]
    [MemberData(nameof(GcmProfileBackends))]
    public void Section16_UnprotectRtp_RecoversPlaintext(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(profile, backend);
        string wire = profile == SrtpProfile.AeadAes128Gcm ? RtpProtected128 : RtpProtected256;
        byte[] packet = Hex(wire);

        Assert.Equal(SrtpError.Ok, context.UnprotectRtp(packet, out int plainLength));
        Assert.Equal(ToHex(Hex(RtpPlain)), ToHex(packet.AsSpan(0, plainLength)));

        byte[] again = Hex(wire);
        Assert.Equal(SrtpError.ReplayDuplicate, context.UnprotectRtp(again, out _));
    }

    /// <summary>17.1 / 17.2: SRTCP encryption with SRTCP index 0x5d4 produces the exact packet (tag, then E|index).</summary>
    [Theory]
    [MemberData(nameof(GcmProfileBackends))]
    public void Section17_ProtectRtcp_ProducesPublishedPacket(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(profile, backend);
        context.SetNextSrtcpIndex(RtcpSsrc, 0x5d4);
        byte[] plain = Hex(RtcpPlain);
        byte[] buffer = new byte[plain.Length + 20];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpError.Ok, context.ProtectRtcp(buffer, plain.Length, out int protectedLength));

        string expected = profile == SrtpProfile.AeadAes128Gcm ? RtcpProtected128 : RtcpProtected256;
        Assert.Equal(ToHex(Hex(expected)), ToHex(buffer.AsSpan(0, protectedLength)));
    }

    /// <summary>17.1 / 17.2 decryption, and 17.3 / 17.4 (E = 0: authenticated, not encrypted) verification.</summary>
    [Theory]
    [MemberData(nameof(GcmProfileBackends))]
    public void Section17_UnprotectRtcp_RecoversPlaintext(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        bool is128 = profile == SrtpProfile.AeadAes128Gcm;
        foreach (string wire in new[] { is128 ? RtcpProtected128 : RtcpProtected256, is128 ? RtcpTagOnly128 : RtcpTagOnly256 })
        {
            using SrtpContext context = Create(profile, backend);
            byte[] packet = Hex(wire);
            Assert.Equal(SrtpError.Ok, context.UnprotectRtcp(packet, out int plainLength));
            Assert.Equal(ToHex(Hex(RtcpPlain)), ToHex(packet.AsSpan(0, plainLength)));

            Assert.Equal(SrtpError.ReplayDuplicate, context.UnprotectRtcp(Hex(wire), out _));
        }
    }

    /// <summary>A vector of one key size does not verify under the other.</summary>
    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void Section16_WrongKeySize_FailsAuthentication(SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(SrtpProfile.AeadAes256Gcm, backend);
        Assert.Equal(SrtpError.AuthenticationFailed, context.UnprotectRtp(Hex(RtpProtected128), out _));
        Assert.Equal(SrtpError.AuthenticationFailed, context.UnprotectRtcp(Hex(RtcpProtected128), out _));
    }
}
