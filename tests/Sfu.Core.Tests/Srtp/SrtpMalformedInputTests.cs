using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

public class SrtpMalformedInputTests
{
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtp_TruncatedAtEveryLength_ReturnsNamedError(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] buffer = new byte[200];
        int length = WriteRtp(buffer, 77, 9, 60, csrcCount: 2, extensionWords: 3);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
        int minimum = 12 + sender.RtpOverhead;

        for (int cut = 0; cut < protectedLength; cut++)
        {
            byte[] truncated = buffer.AsSpan(0, cut).ToArray();
            SrtpError error = receiver.UnprotectRtp(truncated, out int plainLength);
            Assert.Equal(0, plainLength);
            if (cut < minimum)
            {
                Assert.Equal(SrtpError.TooShort, error);
            }
            else
            {
                // Long enough for a header and a tag, but the CSRCs/extension run into the tag, or the tag is wrong.
                Assert.True(error is SrtpError.InvalidHeader or SrtpError.AuthenticationFailed, $"length {cut}: {error}");
            }
        }

        Assert.Equal(0, receiver.SsrcCount);
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out _));
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Rtcp_TruncatedAtEveryLength_ReturnsNamedError(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] buffer = new byte[200];
        int length = WriteRtcp(buffer, 77, 52);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
        int minimum = 8 + sender.RtcpOverhead;

        for (int cut = 0; cut < protectedLength; cut++)
        {
            byte[] truncated = buffer.AsSpan(0, cut).ToArray();
            SrtpError error = receiver.UnprotectRtcp(truncated, out int plainLength);
            Assert.Equal(0, plainLength);
            Assert.Equal(cut < minimum ? SrtpError.TooShort : SrtpError.AuthenticationFailed, error);
        }

        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out _));
    }

    /// <summary>5,000 seeded random datagrams (half with a plausible first byte) never throw and never authenticate.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void RandomBuffers_NeverThrow(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext receiver = NewContext(profile, backend);
        var random = new Random(20240611);
        var seen = new HashSet<SrtpError>();
        for (int i = 0; i < 5000; i++)
        {
            byte[] packet = new byte[random.Next(0, 300)];
            random.NextBytes(packet);
            if (packet.Length > 0 && i % 2 == 0)
            {
                packet[0] = (byte)(0x80 | (packet[0] & 0x3F));
            }

            byte[] copy = (byte[])packet.Clone();
            SrtpError rtp = receiver.UnprotectRtp(packet, out int rtpLength);
            SrtpError rtcp = receiver.UnprotectRtcp(copy, out int rtcpLength);
            Assert.NotEqual(SrtpError.Ok, rtp);
            Assert.NotEqual(SrtpError.Ok, rtcp);
            Assert.True(Enum.IsDefined(rtp) && Enum.IsDefined(rtcp));
            Assert.Equal(0, rtpLength + rtcpLength);
            seen.Add(rtp);
            seen.Add(rtcp);
        }

        Assert.Contains(SrtpError.TooShort, seen);
        Assert.Contains(SrtpError.InvalidHeader, seen);
        Assert.Contains(SrtpError.AuthenticationFailed, seen);
        Assert.Equal(0, receiver.SsrcCount);
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Protect_WithoutRoomForTrailer_IsBufferTooSmall(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        byte[] plain = new byte[100];
        int length = WriteRtp(plain, 1, 1, 40);
        for (int room = 0; room < sender.RtpOverhead; room++)
        {
            byte[] buffer = plain.AsSpan(0, length + room).ToArray();
            Assert.Equal(SrtpError.BufferTooSmall, sender.ProtectRtp(buffer, length, out int protectedLength));
            Assert.Equal(0, protectedLength);
            Assert.Equal(plain.AsSpan(0, length + room).ToArray(), buffer);
        }

        length = WriteRtcp(plain, 1, 40);
        for (int room = 0; room < sender.RtcpOverhead; room++)
        {
            byte[] buffer = plain.AsSpan(0, length + room).ToArray();
            Assert.Equal(SrtpError.BufferTooSmall, sender.ProtectRtcp(buffer, length, out _));
        }

        Assert.Equal(0, sender.SsrcCount);
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void Protect_InvalidPackets_AreNamed(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        byte[] buffer = new byte[100];

        Assert.Equal(SrtpError.TooShort, sender.ProtectRtp(buffer, 11, out _));
        Assert.Equal(SrtpError.TooShort, sender.ProtectRtcp(buffer, 7, out _));

        int length = WriteRtp(buffer, 1, 1, 10);
        buffer[0] = 0x40; // version 1
        Assert.Equal(SrtpError.InvalidHeader, sender.ProtectRtp(buffer, length, out _));
        buffer[0] = 0x8F; // 15 CSRCs, but only 10 bytes follow the fixed header
        Assert.Equal(SrtpError.InvalidHeader, sender.ProtectRtp(buffer, length, out _));

        length = WriteRtp(buffer, 1, 1, 8, extensionWords: 1);
        buffer[15] = 50; // extension claims 50 words
        Assert.Equal(SrtpError.InvalidHeader, sender.ProtectRtp(buffer, length, out _));
        Assert.Equal(SrtpError.InvalidHeader, sender.ProtectRtp(buffer, 14, out _)); // X set, no room for the extension header

        length = WriteRtcp(buffer, 1, 8);
        buffer[0] = 0x00;
        Assert.Equal(SrtpError.InvalidHeader, sender.ProtectRtcp(buffer, length, out _));

        Assert.Throws<ArgumentOutOfRangeException>(() => sender.ProtectRtp(buffer, buffer.Length + 1, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.ProtectRtcp(buffer, -1, out _));
        Assert.Equal(0, sender.SsrcCount);
    }

    [Fact]
    public void Disposed_Throws()
    {
        SrtpContext context = NewContext(SrtpProfile.AeadAes128Gcm, SrtpCryptoBackend.OpenSsl);
        context.Dispose();
        context.Dispose();
        byte[] buffer = new byte[100];
        Assert.Throws<ObjectDisposedException>(() => context.ProtectRtp(buffer, 20, out _));
        Assert.Throws<ObjectDisposedException>(() => context.UnprotectRtcp(buffer, out _));
    }
}
