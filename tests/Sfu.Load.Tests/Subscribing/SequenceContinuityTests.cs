using Sfu.Load.Subscribing;

namespace Sfu.Load.Tests.Subscribing;

/// <summary>Gaps are loss until the missing packets arrive; reordering and duplicates are told apart, across the 16-bit wrap.</summary>
public sealed class SequenceContinuityTests
{
    [Fact]
    public void InOrderPacketsAcrossTheWrapLoseNothing()
    {
        var c = new SequenceContinuity();
        Assert.Equal(SequenceEvent.First, c.Add(65530));
        for (int i = 1; i < 20; i++)
        {
            Assert.Equal(SequenceEvent.InOrder, c.Add((ushort)(65530 + i)));
        }

        Assert.Equal(20, c.Expected);
        Assert.Equal(20, c.Received);
        Assert.Equal(0, c.Lost);
        Assert.Equal(0, c.Gaps);
    }

    [Fact]
    public void AGapIsLossUntilTheMissingPacketsArriveLate()
    {
        var c = new SequenceContinuity();
        c.Add(100);
        Assert.Equal(SequenceEvent.Gap, c.Add(104)); // 101-103 missing
        Assert.Equal(3, c.Lost);
        Assert.Equal(1, c.Gaps);

        Assert.Equal(SequenceEvent.Reordered, c.Add(102));
        Assert.Equal(SequenceEvent.Reordered, c.Add(101));
        Assert.Equal(1, c.Lost);
        Assert.Equal(2, c.Reordered);
        Assert.Equal(SequenceEvent.InOrder, c.Add(105));
        Assert.Equal(6, c.Expected);
        Assert.Equal(1, c.Lost); // 103 never came
    }

    [Fact]
    public void DuplicatesAreCountedOnceAndDoNotHideLoss()
    {
        var c = new SequenceContinuity();
        c.Add(10);
        c.Add(11);
        c.Add(13);
        Assert.Equal(SequenceEvent.Duplicate, c.Add(13));
        Assert.Equal(SequenceEvent.Duplicate, c.Add(11));
        Assert.Equal(SequenceEvent.Duplicate, c.Add(10));
        Assert.Equal(3, c.Duplicates);
        Assert.Equal(1, c.Lost);
        Assert.Equal(3, c.Received);
        Assert.Equal(SequenceEvent.Reordered, c.Add(12));
        Assert.Equal(SequenceEvent.Duplicate, c.Add(12));
        Assert.Equal(0, c.Lost);
    }

    [Fact]
    public void APacketFromBeforeTheFirstExtendsTheStreamBackwards()
    {
        var c = new SequenceContinuity();
        c.Add(0);
        Assert.Equal(SequenceEvent.Reordered, c.Add(65535)); // just before, across the wrap
        Assert.Equal(2, c.Expected);
        Assert.Equal(0, c.Lost);
    }

    [Fact]
    public void APacketFarBehindTheWindowIsTooOldAndAJumpFarAheadIsOneGap()
    {
        var c = new SequenceContinuity();
        c.Add(0);
        Assert.Equal(SequenceEvent.Gap, c.Add(5000));
        Assert.Equal(4999, c.Lost);
        Assert.Equal(SequenceEvent.TooOld, c.Add(3000)); // 2000 behind: outside the 1024-packet window
        Assert.Equal(4999, c.Lost);
        Assert.Equal(1, c.TooOld);
        Assert.Equal(SequenceEvent.Reordered, c.Add(4500)); // inside the window: it fills its gap
        Assert.Equal(4998, c.Lost);
        Assert.Equal(SequenceEvent.Duplicate, c.Add(4500));
    }

    [Fact]
    public void TheWindowForgetsOldNumbersSoAWrappedRepeatIsNotMistakenForANewPacket()
    {
        var c = new SequenceContinuity();
        for (int i = 0; i < 3000; i++)
        {
            c.Add((ushort)i);
        }

        // The ring has been reused about three times; a packet 1,000 behind the highest is still known as received.
        Assert.Equal(SequenceEvent.Duplicate, c.Add(2000));
        Assert.Equal(0, c.Lost);
        Assert.Equal(3000, c.Received);
    }
}
