using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

public class SrtpReplayAndTamperTests
{
    private const uint Ssrc = 0x0A0B0C0D;

    private static byte[] ProtectRtp(SrtpContext sender, ushort seq, int payload = 120, uint ssrc = Ssrc)
    {
        byte[] buffer = new byte[12 + payload + 16];
        int length = WriteRtp(buffer, ssrc, seq, payload);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
        return buffer.AsSpan(0, protectedLength).ToArray();
    }

    private static byte[] ProtectRtcp(SrtpContext sender, int body = 40, uint ssrc = Ssrc)
    {
        byte[] buffer = new byte[8 + body + 20];
        int length = WriteRtcp(buffer, ssrc, body);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
        return buffer.AsSpan(0, protectedLength).ToArray();
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_ReplayedPacket_IsDuplicate(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] packet = ProtectRtp(sender, 500);
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp((byte[])packet.Clone(), out _));
        Assert.Equal(SrtpError.ReplayDuplicate, receiver.UnprotectRtp((byte[])packet.Clone(), out _));

        // Still a duplicate once newer packets moved the window on, while it is inside the window.
        for (ushort seq = 501; seq < 600; seq++)
        {
            Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(ProtectRtp(sender, seq), out _));
        }

        Assert.Equal(SrtpError.ReplayDuplicate, receiver.UnprotectRtp((byte[])packet.Clone(), out _));
    }

    /// <summary>With the default 128-packet window, index highest-127 is still accepted and highest-128 is too old.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_OlderThanWindow_IsTooOld(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] oldest = ProtectRtp(sender, 872);
        byte[] edge = ProtectRtp(sender, 873);
        byte[] newest = ProtectRtp(sender, 1000);

        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(newest, out _));
        Assert.Equal(SrtpError.ReplayTooOld, receiver.UnprotectRtp(oldest, out _));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(edge, out _));
        Assert.Equal(SrtpError.ReplayDuplicate, receiver.UnprotectRtp(ProtectRtp(sender, 873), out _));
    }

    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_ConfiguredWindowOf64_IsHonoured(SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(SrtpProfile.AeadAes128Gcm, backend);
        using SrtpContext receiver = NewContext(SrtpProfile.AeadAes128Gcm, backend, replayWindowSize: 64);
        byte[] tooOld = ProtectRtp(sender, 936);
        byte[] inside = ProtectRtp(sender, 937);
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(ProtectRtp(sender, 1000), out _));
        Assert.Equal(SrtpError.ReplayTooOld, receiver.UnprotectRtp(tooOld, out _));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(inside, out _));
    }

    /// <summary>
    /// Flipping a bit anywhere (header, payload, tag) fails authentication, and the failed packet moves nothing: the
    /// genuine packet is accepted afterwards, and a forged far-ahead sequence number did not advance the ROC/index.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_TamperedPacket_FailsAndDoesNotAdvanceState(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(ProtectRtp(sender, 100), out _));
        byte[] genuine = ProtectRtp(sender, 101);

        foreach (int position in new[] { 5, 20, genuine.Length - 17, genuine.Length - 1 })
        {
            byte[] tampered = (byte[])genuine.Clone();
            tampered[position] ^= 0x01;
            Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(tampered, out int plainLength));
            Assert.Equal(0, plainLength);
            if (profile == SrtpProfile.AesCm128HmacSha1_80)
            {
                // AES-CM authenticates before decrypting, so a rejected packet is left as it arrived.
                byte[] expected = (byte[])genuine.Clone();
                expected[position] ^= 0x01;
                Assert.Equal(expected, tampered);
            }
        }

        // A forged packet claiming sequence number 30,000 (far ahead, same ROC) must not move the highest index.
        byte[] forged = (byte[])genuine.Clone();
        forged[2] = 0x75;
        forged[3] = 0x30;
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(forged, out _));
        Assert.True(receiver.TryGetHighestReceivedIndex(Ssrc, out ulong highest));
        Assert.Equal(100UL, highest);

        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(genuine, out _));
        Assert.True(receiver.TryGetHighestReceivedIndex(Ssrc, out highest));
        Assert.Equal(101UL, highest);
    }

    /// <summary>Forged packets from unknown SSRCs never create per-SSRC state.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void ForgedNewSsrc_CreatesNoState(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] rtp = ProtectRtp(sender, 1);
        rtp[^1] ^= 0xFF;
        byte[] rtcp = ProtectRtcp(sender);
        rtcp[10] ^= 0xFF;
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(rtp, out _));
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(rtcp, out _));
        Assert.Equal(0, receiver.SsrcCount);
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtcp_ReplayTamperAndTooOld(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] first = ProtectRtcp(sender);   // index 0
        byte[] second = ProtectRtcp(sender);  // index 1

        byte[] tampered = (byte[])second.Clone();
        tampered[12] ^= 0x80;
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(tampered, out _));

        // The E|index word is authenticated too: rewriting the index fails.
        byte[] reindexed = (byte[])second.Clone();
        int indexOffset = profile == SrtpProfile.AesCm128HmacSha1_80 ? reindexed.Length - 14 : reindexed.Length - 4;
        reindexed[indexOffset + 3] ^= 0x02;
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(reindexed, out _));

        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtcp((byte[])second.Clone(), out _));
        Assert.Equal(SrtpError.ReplayDuplicate, receiver.UnprotectRtcp((byte[])second.Clone(), out _));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtcp((byte[])first.Clone(), out _));
        Assert.Equal(SrtpError.ReplayDuplicate, receiver.UnprotectRtcp((byte[])first.Clone(), out _));

        byte[] third = ProtectRtcp(sender); // index 2
        for (int i = 0; i < 200; i++)
        {
            ProtectRtcp(sender);
        }

        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtcp(ProtectRtcp(sender), out _)); // index 203
        Assert.Equal(SrtpError.ReplayTooOld, receiver.UnprotectRtcp(third, out _));
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void SsrcCap_RejectsNewSsrcsWithNamedError(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend, maxSsrcCount: 3);
        using SrtpContext receiver = NewContext(profile, backend, maxSsrcCount: 2);
        byte[][] packets = new byte[3][];
        for (uint ssrc = 0; ssrc < 3; ssrc++)
        {
            packets[ssrc] = ProtectRtp(sender, 1, ssrc: 100 + ssrc);
        }

        byte[] buffer = new byte[200];
        int length = WriteRtp(buffer, 999, 1, 50);
        Assert.Equal(SrtpError.TooManySsrcs, sender.ProtectRtp(buffer, length, out _));
        length = WriteRtcp(buffer, 999, 20);
        Assert.Equal(SrtpError.TooManySsrcs, sender.ProtectRtcp(buffer, length, out _));

        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(packets[0], out _));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(packets[1], out _));
        Assert.Equal(SrtpError.TooManySsrcs, receiver.UnprotectRtp(packets[2], out _));
        Assert.Equal(SrtpError.TooManySsrcs, receiver.UnprotectRtcp(ProtectRtcp(sender, ssrc: 102), out _));
        Assert.Equal(2, receiver.SsrcCount);
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(ProtectRtp(sender, 2, ssrc: 100), out _));
    }

    [Theory]
    [MemberData(nameof(BackendData), MemberType = typeof(SrtpTestData))]
    public void Rtcp_IndexExhausted_IsNamed(SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(SrtpProfile.AesCm128HmacSha1_80, backend);
        sender.SetNextSrtcpIndex(Ssrc, 0x7FFF_FFFF);
        ProtectRtcp(sender);
        byte[] buffer = new byte[100];
        int length = WriteRtcp(buffer, Ssrc, 20);
        Assert.Equal(SrtpError.IndexExhausted, sender.ProtectRtcp(buffer, length, out int protectedLength));
        Assert.Equal(0, protectedLength);
    }
}
