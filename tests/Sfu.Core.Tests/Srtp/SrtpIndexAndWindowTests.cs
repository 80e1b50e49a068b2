using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

public class SrtpIndexAndWindowTests
{
    [Theory]
    [InlineData(0x0_0010UL, (ushort)0x0011, 0x0_0011UL)]        // next packet
    [InlineData(0x0_0010UL, (ushort)0x000F, 0x0_000FUL)]        // slightly late
    [InlineData(0x0_FFF0UL, (ushort)0x0005, 0x1_0005UL)]        // wrapped: ROC + 1
    [InlineData(0x1_0005UL, (ushort)0xFFF0, 0x0_FFF0UL)]        // late from before the wrap: ROC - 1
    [InlineData(0x1_8000UL, (ushort)0x0000, 0x1_0000UL)]        // exactly half behind stays in this ROC
    [InlineData(0x5_7FFFUL, (ushort)0xFFFF, 0x5_FFFFUL)]        // exactly half ahead stays in this ROC
    [InlineData(0x5_7FFEUL, (ushort)0xFFFF, 0x4_FFFFUL)]        // one more is the previous ROC
    public void TryEstimate_PicksTheClosestIndex(ulong highest, ushort sequenceNumber, ulong expected)
    {
        Assert.True(SrtpPacketIndex.TryEstimate(highest, sequenceNumber, out ulong index));
        Assert.Equal(expected, index);
    }

    [Fact]
    public void TryEstimate_BeforeFirstRoc_Fails()
    {
        Assert.False(SrtpPacketIndex.TryEstimate(0x0_0005, 0xFFF0, out _));
    }

    [Fact]
    public void ReplayWindow_TracksSeenIndicesAcrossJumps()
    {
        var window = new SrtpReplayWindow(100);
        Assert.Equal(SrtpError.Ok, window.Check(1000));
        window.Accept(1000);
        Assert.Equal(SrtpError.ReplayDuplicate, window.Check(1000));
        Assert.Equal(SrtpError.Ok, window.Check(901));
        Assert.Equal(SrtpError.ReplayTooOld, window.Check(900));

        window.Accept(950);
        window.Accept(1050); // the window now covers 951..1050: 1000 is remembered, 950 has fallen out
        Assert.Equal(SrtpError.ReplayDuplicate, window.Check(1000));
        Assert.Equal(SrtpError.ReplayTooOld, window.Check(950));
        Assert.Equal(SrtpError.Ok, window.Check(1049));

        // A jump larger than the bitmap clears everything; the slots of old indices do not alias new ones.
        window.Accept(1050 + 128 + 1000);
        for (ulong i = 2178 - 99; i < 2178; i++)
        {
            Assert.Equal(SrtpError.Ok, window.Check(i));
        }

        // A jump smaller than the bitmap clears exactly the slots it passes.
        window.Accept(2180);
        Assert.Equal(SrtpError.Ok, window.Check(2179));
        Assert.Equal(SrtpError.ReplayDuplicate, window.Check(2178));
        Assert.Equal(SrtpError.ReplayDuplicate, window.Check(2180));
        Assert.Equal(2180UL, window.Highest);
    }
}
