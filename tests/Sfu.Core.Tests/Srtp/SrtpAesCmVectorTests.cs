using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 known-answer packets from the master key/salt of RFC 3711 B.3 (the widely published
/// "srtp_validate" vectors). The expected bytes were re-derived independently (AES-CTR and HMAC-SHA1 from Python's
/// cryptography package, following RFC 3711 sections 3.1, 3.4, 4.1.1, 4.2 and 4.3) and match the published ones.
/// </summary>
public class SrtpAesCmVectorTests
{
    private static readonly byte[] MasterKey = Hex("e1f97a0d3e018be0d64fa32c06de4139");
    private static readonly byte[] MasterSalt = Hex("0ec675ad498afeebb6960b3aabe6");

    private const string RtpPlain = "800f1234 decafbad cafebabe abababab abababab abababab abababab";
    private const string RtpProtected =
        "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb";

    private const string RtcpPlain = "81c8000b cafebabe abababab abababab abababab abababab";

    // SRTCP index 1 with E set, then the 80-bit tag.
    private const string RtcpProtected =
        "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798";

    private static SrtpContext Create(SrtpCryptoBackend backend) =>
        new(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt, backend);

    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void ProtectRtp_ProducesKnownPacket(SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(backend);
        byte[] plain = Hex(RtpPlain);
        byte[] buffer = new byte[plain.Length + 10];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpError.Ok, context.ProtectRtp(buffer, plain.Length, out int protectedLength));
        Assert.Equal(plain.Length + 10, protectedLength);
        Assert.Equal(ToHex(Hex(RtpProtected)), ToHex(buffer.AsSpan(0, protectedLength)));
    }

    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void UnprotectRtp_RecoversKnownPacket(SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(backend);
        byte[] packet = Hex(RtpProtected);
        Assert.Equal(SrtpError.Ok, context.UnprotectRtp(packet, out int plainLength));
        Assert.Equal(ToHex(Hex(RtpPlain)), ToHex(packet.AsSpan(0, plainLength)));
        Assert.Equal(SrtpError.ReplayDuplicate, context.UnprotectRtp(Hex(RtpProtected), out _));
    }

    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void ProtectRtcp_ProducesKnownPacket(SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(backend);
        context.SetNextSrtcpIndex(0xcafebabe, 1);
        byte[] plain = Hex(RtcpPlain);
        byte[] buffer = new byte[plain.Length + 14];
        plain.CopyTo(buffer, 0);

        Assert.Equal(SrtpError.Ok, context.ProtectRtcp(buffer, plain.Length, out int protectedLength));
        Assert.Equal(ToHex(Hex(RtcpProtected)), ToHex(buffer.AsSpan(0, protectedLength)));
    }

    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void UnprotectRtcp_RecoversKnownPacket(SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(backend);
        byte[] packet = Hex(RtcpProtected);
        Assert.Equal(SrtpError.Ok, context.UnprotectRtcp(packet, out int plainLength));
        Assert.Equal(ToHex(Hex(RtcpPlain)), ToHex(packet.AsSpan(0, plainLength)));
        Assert.Equal(SrtpError.ReplayDuplicate, context.UnprotectRtcp(Hex(RtcpProtected), out _));
    }

    /// <summary>The first SRTCP packet of an SSRC carries index 0 (RFC 3711 section 3.3.2), then 1, 2, ...</summary>
    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void ProtectRtcp_NumbersFromZero(SrtpCryptoBackend backend)
    {
        using SrtpContext context = Create(backend);
        byte[] plain = Hex(RtcpPlain);
        for (uint expected = 0; expected < 3; expected++)
        {
            byte[] buffer = new byte[plain.Length + 14];
            plain.CopyTo(buffer, 0);
            Assert.Equal(SrtpError.Ok, context.ProtectRtcp(buffer, plain.Length, out int protectedLength));
            Assert.Equal(0x8000_0000u | expected, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(protectedLength - 14)));
        }
    }
}
