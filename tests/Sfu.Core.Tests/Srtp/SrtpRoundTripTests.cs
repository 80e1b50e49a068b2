using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

public class SrtpRoundTripTests
{
    public static TheoryData<SrtpProfile, SrtpCryptoBackend, SrtpCryptoBackend> CrossBackendData()
    {
        var data = new TheoryData<SrtpProfile, SrtpCryptoBackend, SrtpCryptoBackend>();
        foreach (SrtpProfile profile in Profiles)
        {
            foreach (SrtpCryptoBackend sender in Backends)
            {
                foreach (SrtpCryptoBackend receiver in Backends)
                {
                    data.Add(profile, sender, receiver);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// 3,000 packets from sequence number 64,000 cross the wrap, so the ROC becomes 1 on both sides; payload sizes
    /// vary (including 0 and non-multiples of 16) and some headers carry CSRCs and an extension. The sender and
    /// receiver use every combination of backends, so each backend is checked against the other.
    /// </summary>
    [Theory]
    [MemberData(nameof(CrossBackendData))]
    public void Rtp_AcrossSequenceWrap_RoundTripsAndAdvancesRoc(SrtpProfile profile, SrtpCryptoBackend senderBackend, SrtpCryptoBackend receiverBackend)
    {
        using SrtpContext sender = NewContext(profile, senderBackend);
        using SrtpContext receiver = NewContext(profile, receiverBackend);
        const uint ssrc = 0x11223344;
        byte[] plain = new byte[1600];
        byte[] wire = new byte[1600];

        for (int n = 0; n < 3000; n++)
        {
            ushort seq = (ushort)(64000 + n);
            int payload = (n * 37) % 1300;
            int length = WriteRtp(plain, ssrc, seq, payload, csrcCount: n % 3, extensionWords: n % 4 == 0 ? 2 : -1);
            plain.AsSpan(0, length).CopyTo(wire);

            Assert.Equal(SrtpError.Ok, sender.ProtectRtp(wire, length, out int protectedLength));
            Assert.Equal(length + sender.RtpOverhead, protectedLength);
            int headerLength = 12 + (4 * (n % 3)) + (n % 4 == 0 ? 12 : 0);
            Assert.True(wire.AsSpan(0, headerLength).SequenceEqual(plain.AsSpan(0, headerLength)), "the RTP header stays in the clear");
            if (payload >= 16)
            {
                Assert.False(wire.AsSpan(headerLength, payload).SequenceEqual(plain.AsSpan(headerLength, payload)), "the payload is encrypted");
            }

            Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(wire.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(length, plainLength);
            Assert.True(wire.AsSpan(0, length).SequenceEqual(plain.AsSpan(0, length)), $"packet {n} decrypts to the original");
        }

        Assert.True(sender.TryGetSendRolloverCounter(ssrc, out uint roc));
        Assert.Equal(1u, roc);
        Assert.True(receiver.TryGetHighestReceivedIndex(ssrc, out ulong highest));
        Assert.Equal((ulong)(64000 + 2999), highest);
    }

    /// <summary>Interleaved SSRCs keep separate ROCs: only the one that wraps moves to ROC 1.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_SeveralSsrcs_KeepSeparateState(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        uint[] ssrcs = [1, 0xdeadbeef, 0x80000000];
        ushort[] starts = [65500, 10, 30000];
        byte[] plain = new byte[300];
        byte[] wire = new byte[300];

        for (int n = 0; n < 200; n++)
        {
            for (int s = 0; s < ssrcs.Length; s++)
            {
                int length = WriteRtp(plain, ssrcs[s], (ushort)(starts[s] + n), 100 + s);
                plain.AsSpan(0, length).CopyTo(wire);
                Assert.Equal(SrtpError.Ok, sender.ProtectRtp(wire, length, out int protectedLength));
                Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(wire.AsSpan(0, protectedLength), out int plainLength));
                Assert.True(wire.AsSpan(0, plainLength).SequenceEqual(plain.AsSpan(0, length)));
            }
        }

        Assert.Equal(3, sender.SsrcCount);
        Assert.Equal(3, receiver.SsrcCount);
        Assert.True(sender.TryGetSendRolloverCounter(1, out uint wrapped));
        Assert.Equal(1u, wrapped);
        Assert.True(sender.TryGetSendRolloverCounter(0xdeadbeef, out uint notWrapped));
        Assert.Equal(0u, notWrapped);
        Assert.True(receiver.TryGetHighestReceivedIndex(1, out ulong highest));
        Assert.Equal(65536UL + ((65500 + 199) % 65536), highest);
    }

    /// <summary>
    /// Reordering across the wrap: packets arrive pairwise swapped, and a packet from before the wrap that the sender
    /// resends after the wrap is still protected and accepted with ROC 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_ReorderedAndResentAcrossWrap_UseTheRightRoc(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        const uint ssrc = 42;
        ushort[] order = [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3];
        byte[][] packets = new byte[order.Length][];
        byte[][] plains = new byte[order.Length][];
        for (int i = 0; i < order.Length; i++)
        {
            plains[i] = new byte[200];
            int length = WriteRtp(plains[i], ssrc, order[i], 150);
            Array.Resize(ref plains[i], length);
            packets[i] = new byte[length + 16];
            plains[i].CopyTo(packets[i], 0);
            Assert.Equal(SrtpError.Ok, sender.ProtectRtp(packets[i], length, out int protectedLength));
            Array.Resize(ref packets[i], protectedLength);
        }

        // The sender resends 65535 after having sent 3 (ROC 1): it must be protected with ROC 0 again.
        byte[] resend = new byte[plains[5].Length + 16];
        plains[5].CopyTo(resend, 0);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtp(resend, plains[5].Length, out int resendLength));
        Assert.Equal(ToHex(packets[5]), ToHex(resend.AsSpan(0, resendLength)));

        int[] arrival = [1, 0, 3, 2, 4, 7, 6, 9, 8];
        foreach (int i in arrival)
        {
            byte[] copy = (byte[])packets[i].Clone();
            Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(copy, out int plainLength));
            Assert.Equal(ToHex(plains[i]), ToHex(copy.AsSpan(0, plainLength)));
        }

        // 65535 (index 5) never arrived; it comes now, late, after the wrap.
        byte[] late = (byte[])packets[5].Clone();
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(late, out int lateLength));
        Assert.Equal(ToHex(plains[5]), ToHex(late.AsSpan(0, lateLength)));
        Assert.True(receiver.TryGetHighestReceivedIndex(ssrc, out ulong highest));
        Assert.Equal(65536UL + 3, highest);
    }

    /// <summary>Padding (P bit and trailing pad bytes) is part of the encrypted payload and comes back unchanged.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_WithPadding_IsUntouched(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] plain = new byte[100];
        int length = WriteRtp(plain, 7, 100, 20);
        plain[0] |= 0x20;
        plain[length - 1] = 4; // last 4 bytes are padding
        byte[] wire = new byte[length + 16];
        plain.AsSpan(0, length).CopyTo(wire);

        Assert.Equal(SrtpError.Ok, sender.ProtectRtp(wire, length, out int protectedLength));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(wire.AsSpan(0, protectedLength), out int plainLength));
        Assert.Equal(ToHex(plain.AsSpan(0, length)), ToHex(wire.AsSpan(0, plainLength)));
    }

    [Theory]
    [MemberData(nameof(CrossBackendData))]
    public void Rtcp_ManyPacketsAndSsrcs_RoundTrip(SrtpProfile profile, SrtpCryptoBackend senderBackend, SrtpCryptoBackend receiverBackend)
    {
        using SrtpContext sender = NewContext(profile, senderBackend);
        using SrtpContext receiver = NewContext(profile, receiverBackend);
        byte[] plain = new byte[1500];
        byte[] wire = new byte[1500];
        for (int n = 0; n < 600; n++)
        {
            uint ssrc = (uint)(1000 + (n % 3));
            int length = WriteRtcp(plain, ssrc, (n * 4) % 1200, (byte)n);
            plain.AsSpan(0, length).CopyTo(wire);
            Assert.Equal(SrtpError.Ok, sender.ProtectRtcp(wire, length, out int protectedLength));
            Assert.Equal(length + sender.RtcpOverhead, protectedLength);
            Assert.True(wire.AsSpan(0, 8).SequenceEqual(plain.AsSpan(0, 8)), "the first 8 bytes stay in the clear");
            Assert.Equal(SrtpError.Ok, receiver.UnprotectRtcp(wire.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(ToHex(plain.AsSpan(0, length)), ToHex(wire.AsSpan(0, plainLength)));
        }
    }

    /// <summary>One context can protect and unprotect (e.g. loopback): send and receive state do not interfere.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void SameContext_ProtectsAndUnprotects(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext context = NewContext(profile, backend);
        byte[] plain = new byte[200];
        byte[] wire = new byte[200];
        for (int n = 0; n < 10; n++)
        {
            int length = WriteRtp(plain, 5, (ushort)n, 100);
            plain.AsSpan(0, length).CopyTo(wire);
            Assert.Equal(SrtpError.Ok, context.ProtectRtp(wire, length, out int protectedLength));
            Assert.Equal(SrtpError.Ok, context.UnprotectRtp(wire.AsSpan(0, protectedLength), out _));
        }
    }

    /// <summary>Different master keys (the two directions of a session) do not accept each other's packets.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void OtherKeys_FailAuthentication(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend, seed: 1);
        using SrtpContext receiver = NewContext(profile, backend, seed: 2);
        byte[] wire = new byte[200];
        int length = WriteRtp(wire, 5, 1, 100);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtp(wire, length, out int protectedLength));
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtp(wire.AsSpan(0, protectedLength), out _));

        length = WriteRtcp(wire, 5, 40);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtcp(wire, length, out protectedLength));
        Assert.Equal(SrtpError.AuthenticationFailed, receiver.UnprotectRtcp(wire.AsSpan(0, protectedLength), out _));
        Assert.Equal(0, receiver.SsrcCount);
    }
}
