using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public class SequenceNumberUnwrapperTests
{
    [Fact]
    public void CountsUpAcrossSeveralWraps()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        long expected = 65000;
        ushort sequence = 65000;
        for (int i = 0; i < 200_000; i++)
        {
            Assert.Equal(expected, unwrapper.Unwrap(sequence));
            sequence += 7;
            expected += 7;
        }

        Assert.True(expected > 3 * 65536);
    }

    [Fact]
    public void HandlesReorderingAroundTheWrap()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        Assert.False(unwrapper.HasValue);
        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65536, unwrapper.Unwrap(0)); // wrapped
        Assert.Equal(65535, unwrapper.Unwrap(65535)); // late packet from before the wrap
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65533, unwrapper.Unwrap(65533)); // very late, still before the wrap
        Assert.Equal(65538, unwrapper.Unwrap(2));
        Assert.True(unwrapper.HasValue);
        Assert.Equal(65538, unwrapper.Last);
    }

    [Fact]
    public void LargeJumpsForwardAndBackward()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        unwrapper.Unwrap(100);
        Assert.Equal(100 + 32767, unwrapper.Unwrap(100 + 32767)); // largest forward step
        Assert.Equal(100, unwrapper.Unwrap(100)); // largest backward step (32767 back)
        Assert.Equal(100 - 32768, unwrapper.PeekUnwrap(unchecked((ushort)(100 - 32768))));
        Assert.Equal(100, unwrapper.Last); // peek does not move the reference
    }

    [Fact]
    public void ReorderedBeforeTheFirstPacketGoesNegative()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        Assert.Equal(2, unwrapper.Unwrap(2));
        Assert.Equal(-1, unwrapper.Unwrap(65535));
        unwrapper.Reset();
        Assert.False(unwrapper.HasValue);
        Assert.Equal(65535, unwrapper.Unwrap(65535));
    }

    [Fact]
    public void TimestampsUnwrapAcrossWraps()
    {
        var unwrapper = new TimestampUnwrapper();
        Assert.Equal(0xFFFF_F000L, unwrapper.Unwrap(0xFFFF_F000));
        Assert.Equal(0x1_0000_0BB8L, unwrapper.Unwrap(0x0000_0BB8)); // +3000 + 0x1000 across the wrap
        Assert.Equal(0xFFFF_FFFFL, unwrapper.Unwrap(0xFFFF_FFFF)); // reordered from before the wrap
        Assert.Equal(0x1_0000_1770L, unwrapper.Unwrap(0x0000_1770));

        uint timestamp = 0xF000_0000;
        long extended = timestamp;
        var steady = new TimestampUnwrapper();
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(extended, steady.Unwrap(timestamp));
            timestamp += 90_000 * 10; // 10 s of 90 kHz video per step
            extended += 90_000 * 10;
        }

        Assert.True(extended > 2 * 0x1_0000_0000L);
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 65535, true)]
    [InlineData(65535, 0, false)]
    [InlineData(5, 5, false)]
    [InlineData(32767, 0, true)]
    [InlineData(32768, 0, false)] // exactly half way counts as older
    public void IsNewerUsesSerialArithmetic(int value, int than, bool expected)
    {
        Assert.Equal(expected, ExtendedSequenceNumber.IsNewer((ushort)value, (ushort)than));
    }

    [Fact]
    public void PureHelpers()
    {
        Assert.Equal(2, ExtendedSequenceNumber.Distance((ushort)65535, (ushort)1));
        Assert.Equal(-2, ExtendedSequenceNumber.Distance((ushort)1, (ushort)65535));
        Assert.Equal((3 * 65536) + 5, ExtendedSequenceNumber.Unwrap((ushort)5, 131072 + 65530));
        Assert.Equal(131072 - 2, ExtendedSequenceNumber.Unwrap((ushort)65534, 131072 + 3));
        Assert.Equal(10L, ExtendedSequenceNumber.Distance(0xFFFF_FFFBu, 5u));
        Assert.True(ExtendedSequenceNumber.IsNewer(5u, 0xFFFF_FFFBu));
        Assert.Equal(0x2_0000_0005L, ExtendedSequenceNumber.Unwrap(5u, 0x1_FFFF_FFF0L));
    }
}
