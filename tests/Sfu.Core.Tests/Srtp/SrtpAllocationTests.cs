using Sfu.Core.Srtp;
using static Sfu.Core.Tests.Srtp.SrtpTestData;

namespace Sfu.Core.Tests.Srtp;

[Collection(AllocationCollection.Name)]
public class SrtpAllocationTests
{
    /// <summary>After warm-up, 1,000 protect+unprotect pairs of SRTP and of SRTCP allocate nothing.</summary>
    [Theory]
    [MemberData(nameof(ProfileBackendData), MemberType = typeof(SrtpTestData))]
    public void ProtectAndUnprotect_AllocateNothing(SrtpProfile profile, SrtpCryptoBackend backend)
    {
        using SrtpContext sender = NewContext(profile, backend);
        using SrtpContext receiver = NewContext(profile, backend);
        byte[] buffer = new byte[1500];
        ushort seq = 65000; // crosses the sequence-number wrap during the measured loop

        RunPairs(sender, receiver, buffer, ref seq, 200);
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int ok = RunPairs(sender, receiver, buffer, ref seq, 1000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2000, ok);
        Assert.Equal(0, allocated);
    }

    private static int RunPairs(SrtpContext sender, SrtpContext receiver, byte[] buffer, ref ushort seq, int count)
    {
        int ok = 0;
        for (int i = 0; i < count; i++)
        {
            int length = WriteRtp(buffer, 0x5EED, seq++, 1200, csrcCount: 1, extensionWords: 1);
            if (sender.ProtectRtp(buffer, length, out int protectedLength) == SrtpError.Ok
                && receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out _) == SrtpError.Ok)
            {
                ok++;
            }

            length = WriteRtcp(buffer, 0x5EED, 80);
            if (sender.ProtectRtcp(buffer, length, out protectedLength) == SrtpError.Ok
                && receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out _) == SrtpError.Ok)
            {
                ok++;
            }
        }

        return ok;
    }
}
