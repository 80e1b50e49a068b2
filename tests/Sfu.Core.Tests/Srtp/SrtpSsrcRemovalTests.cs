using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

/// <summary>
/// Removing an SSRC's state: it frees a place under the cap, and the SSRC is retired so that its index never starts
/// over under the same keys (no keystream reuse when protecting, no replays accepted when unprotecting).
/// </summary>
public class SrtpSsrcRemovalTests
{
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void RemovingAnSsrcFreesItsPlaceUnderTheCap(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend, maxSsrcCount: 3);
        for (uint ssrc = 100; ssrc < 103; ssrc++)
        {
            Assert.Equal(SrtpError.Ok, Protect(sender, ssrc, 1));
        }

        Assert.Equal(SrtpError.TooManySsrcs, Protect(sender, 200, 1));
        Assert.True(sender.RemoveSsrc(101));
        Assert.Equal(2, sender.SsrcCount);
        Assert.Equal(SrtpError.Ok, Protect(sender, 200, 1));
        Assert.Equal(SrtpError.Ok, ProtectRtcp(sender, 200));
        Assert.Equal(3, sender.SsrcCount);
        Assert.Equal(SrtpError.Ok, Protect(sender, 100, 2)); // the others keep their state
        Assert.Equal(SrtpError.Ok, Protect(sender, 102, 2));
        Assert.False(sender.RemoveSsrc(999));
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void ARemovedSsrcIsNotProtectedAgainUnderTheSameKeys(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        Assert.Equal(SrtpError.Ok, Protect(sender, 100, 500));
        Assert.Equal(SrtpError.Ok, ProtectRtcp(sender, 100));

        Assert.True(sender.RemoveSsrc(100)); // the last one used: no cached state may survive either
        Assert.Equal(SrtpError.SsrcRetired, Protect(sender, 100, 500));
        Assert.Equal(SrtpError.SsrcRetired, ProtectRtcp(sender, 100));
        Assert.Equal(0, sender.SsrcCount);
        Assert.Equal(1, sender.RetiredSsrcCount);
        Assert.False(sender.RemoveSsrc(100));
    }

    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void ARemovedIncomingSsrcAcceptsNoReplays(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] rtp = ProtectedRtp(sender, 100, 7);
        byte[] rtcp = ProtectedRtcp(sender, 100);
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp((byte[])rtp.Clone(), out _));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtcp((byte[])rtcp.Clone(), out _));

        Assert.True(receiver.RemoveSsrc(100));
        Assert.Equal(SrtpError.SsrcRetired, receiver.UnprotectRtp((byte[])rtp.Clone(), out _));
        Assert.Equal(SrtpError.SsrcRetired, receiver.UnprotectRtcp((byte[])rtcp.Clone(), out _));
        Assert.Equal(SrtpError.Ok, receiver.UnprotectRtp(ProtectedRtp(sender, 101, 7), out _));
    }

    [Fact]
    public void OnlyTheLastCapManyRemovedSsrcsAreRemembered()
    {
        using SrtpContext sender = NewContext(SrtpProfile.AeadAes128Gcm, SrtpCryptoBackend.DotNet, maxSsrcCount: 4);
        for (uint ssrc = 1; ssrc <= 10; ssrc++)
        {
            Assert.Equal(SrtpError.Ok, Protect(sender, ssrc, 1));
            Assert.True(sender.RemoveSsrc(ssrc));
        }

        Assert.Equal(4, sender.RetiredSsrcCount);
        Assert.Equal(0, sender.SsrcCount);
        Assert.Equal(SrtpError.SsrcRetired, Protect(sender, 7, 1));
        Assert.Equal(SrtpError.Ok, Protect(sender, 6, 1)); // forgotten: 1 in 2^32 for a random SSRC to come back
    }

    private static SrtpError Protect(SrtpContext sender, uint ssrc, ushort sequenceNumber)
    {
        byte[] buffer = new byte[200];
        int length = WriteRtp(buffer, ssrc, sequenceNumber, 50);
        return sender.ProtectRtp(buffer, length, out _);
    }

    private static SrtpError ProtectRtcp(SrtpContext sender, uint ssrc)
    {
        byte[] buffer = new byte[200];
        int length = WriteRtcp(buffer, ssrc, 20);
        return sender.ProtectRtcp(buffer, length, out _);
    }

    private static byte[] ProtectedRtp(SrtpContext sender, uint ssrc, ushort sequenceNumber)
    {
        byte[] buffer = new byte[200];
        int length = WriteRtp(buffer, ssrc, sequenceNumber, 50);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
        return buffer[..protectedLength];
    }

    private static byte[] ProtectedRtcp(SrtpContext sender, uint ssrc)
    {
        byte[] buffer = new byte[200];
        int length = WriteRtcp(buffer, ssrc, 20);
        Assert.Equal(SrtpError.Ok, sender.ProtectRtcp(buffer, length, out int protectedLength));
        return buffer[..protectedLength];
    }
}
