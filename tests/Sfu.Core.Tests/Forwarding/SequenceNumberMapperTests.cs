using Sfu.Core.Forwarding;

namespace Sfu.Core.Tests.Forwarding;

public class SequenceNumberMapperTests
{
    [Fact]
    public void StartsAtTheInitialNumberAndFollowsTheSource()
    {
        var mapper = new SequenceNumberMapper(500);
        Assert.Equal(new ushort[] { 500, 501, 502 }, Map(mapper, 70_000, 70_001, 70_002));
    }

    [Fact]
    public void DroppedPacketsTakeNoNumberButLostOnesKeepTheirGap()
    {
        var mapper = new SequenceNumberMapper(100);
        Assert.Equal(new ushort[] { 100 }, Map(mapper, 10));
        mapper.Drop(11);
        mapper.Drop(12);
        Assert.Equal(new ushort[] { 101 }, Map(mapper, 13));

        // 14 never arrives: real loss stays a gap for the subscriber to see.
        Assert.Equal(new ushort[] { 103, 104 }, Map(mapper, 15, 16));
    }

    [Fact]
    public void AReorderedPacketGetsTheNumberItWouldHaveHadBeforeLaterDrops()
    {
        var mapper = new SequenceNumberMapper(100);
        Map(mapper, 10);          // 100
        Map(mapper, 12);          // 102 (11 late)
        mapper.Drop(13);          // padding
        Map(mapper, 14);          // 103
        Assert.True(mapper.TryMap(11, out ushort late));
        Assert.Equal(101, late);
        Assert.False(mapper.TryMap(13, out _)); // a copy of a dropped packet is not sent
    }

    [Fact]
    public void AfterAResyncNumberingContinuesFromTheLastSent()
    {
        var mapper = new SequenceNumberMapper(65_534);
        Assert.Equal(new ushort[] { 65_534, 65_535, 0 }, Map(mapper, 1, 2, 3));
        mapper.Resync();
        mapper.Drop(900); // drops while waiting for the new source do not shift anything
        Assert.Equal(new ushort[] { 1, 2 }, Map(mapper, 5, 6));
        Assert.False(mapper.TryMap(4, out _)); // older than the resync point: no number left for it
    }

    [Fact]
    public void PacketsOlderThanTheDropHistoryAreRefused()
    {
        var mapper = new SequenceNumberMapper(0);
        Map(mapper, 1000);
        for (int i = 1; i <= SequenceNumberMapper.DropHistoryLength + 1; i++)
        {
            mapper.Drop(1001 + i);
        }

        Assert.False(mapper.TryMap(1001, out _));
    }

    private static ushort[] Map(SequenceNumberMapper mapper, params long[] incoming)
    {
        var result = new ushort[incoming.Length];
        for (int i = 0; i < incoming.Length; i++)
        {
            Assert.True(mapper.TryMap(incoming[i], out result[i]));
        }

        return result;
    }
}
