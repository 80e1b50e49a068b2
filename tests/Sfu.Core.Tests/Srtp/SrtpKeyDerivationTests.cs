using Sfu.Core.Srtp;
using Sfu.Core.Srtp.Crypto;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

public class SrtpKeyDerivationTests
{
    private static readonly byte[] Rfc3711MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] Rfc3711MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    /// <summary>RFC 3711 Appendix B.3: session encryption key, salt and authentication key from the master key/salt.</summary>
    [Fact]
    public void Rfc3711_B3_DerivesSessionKeys()
    {
        byte[] cipherKey = new byte[16];
        byte[] cipherSalt = new byte[14];
        byte[] authKey = new byte[94];
        SrtpKeyDerivation.Derive(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.LabelRtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.LabelRtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(Rfc3711MasterKey, Rfc3711MasterSalt, SrtpKeyDerivation.LabelRtpAuthentication, authKey);

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", ToHex(cipherKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", ToHex(cipherSalt));
        // B.3 lists 94 octets of auth-key keystream; SRTP uses the first 20 (n_a = 160).
        Assert.Equal(
            "cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce"
            + "e049646c43d9327ad175578ef72270986371c10c9a369ac2f94a8c5fbcdddc25"
            + "6d6e919a48b610ef17c2041e474035766b68642c59bbfc2f34db60dbdfb2",
            ToHex(authKey));
    }

    [Fact]
    public void SessionKeys_AesCm_UseRfc3711Lengths()
    {
        SrtpSessionKeys rtp = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt, rtcp: false);
        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", ToHex(rtp.EncryptionKey));
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", ToHex(rtp.AuthenticationKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", ToHex(rtp.Salt));

        SrtpSessionKeys rtcp = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, Rfc3711MasterKey, Rfc3711MasterSalt, rtcp: true);
        Assert.NotEqual(rtp.EncryptionKey, rtcp.EncryptionKey);
        Assert.Equal(16, rtcp.EncryptionKey.Length);
        Assert.Equal(20, rtcp.AuthenticationKey.Length);
        Assert.Equal(14, rtcp.Salt.Length);
    }

    /// <summary>
    /// The AEAD profiles' 96-bit master salt is right-padded to 112 bits (RFC 7714 section 11). Expected values were
    /// computed independently with an AES-CTR keystream (OpenSSL via Python's cryptography package).
    /// </summary>
    [Fact]
    public void SessionKeys_Gcm_PadTheTwelveByteSaltOnTheRight()
    {
        byte[] key = Hex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = Hex("a0a1a2a3a4a5a6a7a8a9aaab");
        SrtpSessionKeys rtp = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, key, salt, rtcp: false);
        Assert.Equal("077c6143cb221bc355ff23d5f984a16e", ToHex(rtp.EncryptionKey));
        Assert.Equal("9af3e95364ebac9c99c5a7c4", ToHex(rtp.Salt));
        Assert.Empty(rtp.AuthenticationKey);

        SrtpSessionKeys rtcp = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, key, salt, rtcp: true);
        Assert.Equal("615dcd9042600666f6fd4d9e4fe4519f", ToHex(rtcp.EncryptionKey));
        Assert.Equal("fcca937b9112a500dac72269", ToHex(rtcp.Salt));

        byte[] key256 = Hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        SrtpSessionKeys rtp256 = SrtpSessionKeys.Derive(SrtpProfile.AeadAes256Gcm, key256, salt, rtcp: false);
        Assert.Equal("b7a435ce454463b760dc82c838468a115c699625af4b93a0f8220a2a6119c5d0", ToHex(rtp256.EncryptionKey));
        Assert.Equal("944bd21c268a962cd09c674a", ToHex(rtp256.Salt));
    }

    /// <summary>
    /// RFC 3711 Appendix B.2: AES-CM keystream with session key 2B7E..., salt F0F1...FCFD, SSRC 0 and index 0, so the
    /// IV is the salt shifted by 16 bits; blocks 0-2 and 0xFEFF-0xFF01 of the segment.
    /// </summary>
    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void Rfc3711_B2_AesCmKeystream(SrtpCryptoBackend backend)
    {
        byte[] sessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        Span<byte> iv = stackalloc byte[16];
        SrtpAesCmHmacTransform.BuildIv(sessionSalt, ssrc: 0, index: 0, iv);
        Assert.Equal("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000", ToHex(iv));

        using SrtpAesCtrCipher cipher = SrtpCryptoFactory.CreateAesCtr(backend, sessionKey);
        byte[] keystream = new byte[0xFF02 * 16];
        cipher.Transform(iv, keystream);

        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", ToHex(keystream.AsSpan(0x0000 * 16, 16)));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", ToHex(keystream.AsSpan(0x0001 * 16, 16)));
        Assert.Equal("41e95b3bb0a2e8dd477901e4fca894c0", ToHex(keystream.AsSpan(0x0002 * 16, 16)));
        Assert.Equal("ec8cdf7398607cb0f2d21675ea9ea1e4", ToHex(keystream.AsSpan(0xFEFF * 16, 16)));
        Assert.Equal("362b7c3c6773516318a077d7fc5073ae", ToHex(keystream.AsSpan(0xFF00 * 16, 16)));
        Assert.Equal("6a2cc3787889374fbeb4c81b17ba6c44", ToHex(keystream.AsSpan(0xFF01 * 16, 16)));
    }

    /// <summary>Each packet restarts the keystream at its own IV, even after a packet that ended mid-block.</summary>
    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void AesCtr_RestartsAtEachIv(SrtpCryptoBackend backend)
    {
        byte[] key = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = Hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");
        using SrtpAesCtrCipher cipher = SrtpCryptoFactory.CreateAesCtr(backend, key);
        byte[] odd = new byte[21];
        cipher.Transform(iv, odd);
        byte[] first = new byte[16];
        cipher.Transform(iv, first);
        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", ToHex(first));
        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4d23513162b", ToHex(odd));
    }

    [Fact]
    public void Constructor_RejectsWrongKeyAndSaltLengths()
    {
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, new byte[15], new byte[14], SrtpCryptoBackend.DotNet));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AesCm128HmacSha1_80, new byte[16], new byte[12], SrtpCryptoBackend.DotNet));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14], SrtpCryptoBackend.DotNet));
        Assert.Throws<ArgumentException>(() => new SrtpContext(SrtpProfile.AeadAes256Gcm, new byte[16], new byte[12], SrtpCryptoBackend.DotNet));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], SrtpCryptoBackend.DotNet, replayWindowSize: 63));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext((SrtpProfile)99, new byte[16], new byte[12], SrtpCryptoBackend.DotNet));
        using var ok = new SrtpContext(SrtpProfile.AeadAes256Gcm, new byte[32], new byte[12], SrtpCryptoBackend.DotNet, replayWindowSize: 64);
        Assert.Equal(64, ok.ReplayWindowSize);
        Assert.Equal(16, ok.RtpOverhead);
        Assert.Equal(20, ok.RtcpOverhead);
    }

    [Fact]
    public void DefaultBackend_IsAvailableForEveryProfile()
    {
        Assert.True(SrtpCryptoBackendDefaults.IsOpenSslAvailable);
        foreach (SrtpProfile profile in Profiles)
        {
            SrtpCryptoBackend backend = SrtpCryptoBackendDefaults.For(profile);
            Assert.True(SrtpCryptoBackendDefaults.IsAvailable(backend));
            (byte[] key, byte[] salt) = MasterKeys(profile);
            using var defaulted = new SrtpContext(profile, key, salt);
            Assert.Equal(backend, defaulted.Backend);
        }
    }
}
