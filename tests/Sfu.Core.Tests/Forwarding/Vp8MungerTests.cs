using Sfu.Core.Forwarding;
using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Tests.Forwarding;

[Collection(AllocationCollection.Name)]
public class Vp8MungerTests
{
    [Fact]
    public void TheFirstSourcePassesThrough()
    {
        var munger = new Vp8Munger();

        (ushort picture, byte tl0) = Forward(munger, Vp8(pictureId: 1234, tl0: 77, keyframe: true));

        Assert.Equal((1234, 77), (picture, tl0));
    }

    [Fact]
    public void PictureIdAndTl0PicIdxContinueAcrossASwitch()
    {
        var munger = new Vp8Munger();
        for (int i = 0; i < 10; i++)
        {
            Forward(munger, Vp8(pictureId: 100 + i, tl0: 5 + i, keyframe: i == 0));
        }

        munger.Resync(); // switched to another layer: wholly different numbers
        (ushort picture, byte tl0) = Forward(munger, Vp8(pictureId: 30_000, tl0: 200, keyframe: true));
        Assert.Equal((110, 15), (picture, tl0));
        Assert.Equal((111, 16), Forward(munger, Vp8(pictureId: 30_001, tl0: 201)));

        // A second packet of the same picture keeps its numbers.
        Assert.Equal((111, 16), Forward(munger, Vp8(pictureId: 30_001, tl0: 201, startOfFrame: false)));

        munger.Resync(); // and back
        Assert.Equal((112, 17), Forward(munger, Vp8(pictureId: 110, tl0: 15, keyframe: true)));
    }

    [Fact]
    public void ContinuityHoldsAcrossThe15BitAnd8BitWraps()
    {
        var munger = new Vp8Munger();
        Forward(munger, Vp8(pictureId: 10, tl0: 10, keyframe: true));
        Forward(munger, Vp8(pictureId: 11, tl0: 11));
        munger.Resync();

        (int previousPicture, int previousTl0) = (11, 11);
        for (int i = 0; i < 40; i++)
        {
            int incomingPicture = (32_750 + i) & 0x7FFF; // wraps after 18 pictures
            int incomingTl0 = (240 + i) & 0xFF;          // wraps after 16
            (ushort picture, byte tl0) = Forward(munger, Vp8(incomingPicture, incomingTl0, keyframe: i == 0));

            Assert.Equal((previousPicture + 1) & 0x7FFF, picture);
            Assert.Equal((previousTl0 + 1) & 0xFF, tl0);
            (previousPicture, previousTl0) = (picture, tl0);
        }

        // Now the outgoing side wraps: a switch lands just below 2^15.
        var wrapping = new Vp8Munger();
        Forward(wrapping, Vp8(pictureId: 32_765, tl0: 254, keyframe: true));
        wrapping.Resync();
        ushort[] pictures = new ushort[5];
        byte[] tl0s = new byte[5];
        for (int i = 0; i < 5; i++)
        {
            (pictures[i], tl0s[i]) = Forward(wrapping, Vp8(pictureId: 500 + i, tl0: 9 + i, keyframe: i == 0));
        }

        Assert.Equal(new ushort[] { 32_766, 32_767, 0, 1, 2 }, pictures);
        Assert.Equal(new byte[] { 255, 0, 1, 2, 3 }, tl0s);
    }

    [Fact]
    public void DroppedTemporalLayersLeaveNoGapInPictureIdsOrSequenceNumbers()
    {
        var munger = new Vp8Munger();
        munger.SetMaxTemporalLayer(1);
        var sequenceNumbers = new SequenceNumberMapper(1000);
        int[] temporalPattern = [0, 2, 1, 2]; // L1T3
        var pictures = new List<int>();
        var sent = new List<ushort>();
        long incomingSequence = 5000;
        for (int frame = 0; frame < 40; frame++)
        {
            int tid = temporalPattern[frame % 4];
            for (int packet = 0; packet < 3; packet++)
            {
                byte[] payload = Vp8(pictureId: 32_740 + frame, tl0: 250 + (frame / 4), tid: tid, keyframe: frame == 0 && packet == 0, startOfFrame: packet == 0);
                Vp8MungeAction action = munger.Process(payload, out Vp8Rewrite rewrite);
                long sequence = incomingSequence++;
                if (action == Vp8MungeAction.DropTemporalLayer)
                {
                    Assert.Equal(2, tid);
                    sequenceNumbers.Drop(sequence);
                    continue;
                }

                Assert.Equal(Vp8MungeAction.Forward, action);
                Assert.True(sequenceNumbers.TryMap(sequence, out ushort outgoing));
                sent.Add(outgoing);
                if (packet == 0)
                {
                    pictures.Add(rewrite.PictureId);
                }
            }
        }

        Assert.Equal(20, pictures.Count);
        Assert.Equal(20, munger.DroppedPictures);
        for (int i = 1; i < pictures.Count; i++)
        {
            Assert.Equal((pictures[i - 1] + 1) & 0x7FFF, pictures[i]);
        }

        for (int i = 1; i < sent.Count; i++)
        {
            Assert.Equal((ushort)(sent[i - 1] + 1), sent[i]);
        }
    }

    [Fact]
    public void AHigherTemporalLayerStartsOnlyAtALayerSyncPicture()
    {
        var munger = new Vp8Munger();
        munger.SetMaxTemporalLayer(0);
        Forward(munger, Vp8(pictureId: 1, tl0: 1, tid: 0, keyframe: true));
        munger.SetMaxTemporalLayer(2);

        Assert.Equal(Vp8MungeAction.DropTemporalLayer, munger.Process(Vp8(pictureId: 2, tl0: 1, tid: 2), out _));
        Assert.Equal(Vp8MungeAction.DropTemporalLayer, munger.Process(Vp8(pictureId: 3, tl0: 1, tid: 1), out _));
        Assert.Equal(0, munger.MaxTemporalLayer);

        Assert.Equal((2, 2), Forward(munger, Vp8(pictureId: 4, tl0: 2, tid: 0)));
        Assert.Equal((3, 2), Forward(munger, Vp8(pictureId: 5, tl0: 2, tid: 1, layerSync: true)));
        Assert.Equal(1, munger.MaxTemporalLayer);
        Assert.Equal((4, 2), Forward(munger, Vp8(pictureId: 6, tl0: 2, tid: 2, layerSync: true)));
        Assert.Equal(2, munger.MaxTemporalLayer);

        munger.SetMaxTemporalLayer(0); // lowering is immediate
        Assert.Equal(Vp8MungeAction.DropTemporalLayer, munger.Process(Vp8(pictureId: 7, tl0: 2, tid: 1), out _));
        Assert.Equal((5, 3), Forward(munger, Vp8(pictureId: 8, tl0: 3, tid: 0)));
    }

    [Fact]
    public void SevenBitPictureIdsStayContinuous()
    {
        var munger = new Vp8Munger();
        Forward(munger, Vp8(pictureId: 20, tl0: 0, keyframe: true));
        munger.Resync();
        var pictures = new List<int>();
        for (int i = 0; i < 130; i++)
        {
            pictures.Add(Forward(munger, Vp8((120 + i) & 0x7F, tl0: i & 0xFF, keyframe: i == 0, twoBytePictureId: false)).Picture);
        }

        Assert.Equal(21, pictures[0]);
        for (int i = 1; i < pictures.Count; i++)
        {
            Assert.Equal((pictures[i - 1] + 1) & 0x7F, pictures[i]);
        }
    }

    [Fact]
    public void MalformedDescriptorsAreReported()
    {
        var munger = new Vp8Munger();
        Assert.Equal(Vp8MungeAction.Invalid, munger.Process([], out _));
        Assert.Equal(Vp8MungeAction.Invalid, munger.Process([0x80, 0x80, 0x80], out _)); // a 2-byte picture id cut short
    }

    [Fact]
    public void MungingDoesNotAllocate()
    {
        var munger = new Vp8Munger();
        munger.SetMaxTemporalLayer(1);
        byte[][] payloads = new byte[64][];
        for (int i = 0; i < payloads.Length; i++)
        {
            payloads[i] = Vp8(pictureId: i * 1000, tl0: i, tid: i % 3, keyframe: i % 16 == 0);
        }

        byte[] output = new byte[32];
        using var noGc = AllocationMeter.NoGcRegion();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (i % 100 == 0)
            {
                munger.Resync();
            }

            byte[] payload = payloads[i % payloads.Length];
            if (munger.Process(payload, out Vp8Rewrite rewrite) == Vp8MungeAction.Forward)
            {
                payload.CopyTo(output, 0);
                rewrite.Apply(output);
                sum += rewrite.PictureId;
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    /// <summary>Processes a packet that must be forwarded, applies the rewrite to a copy and reads the copy back.</summary>
    private static (ushort Picture, byte Tl0) Forward(Vp8Munger munger, byte[] payload)
    {
        Assert.Equal(Vp8MungeAction.Forward, munger.Process(payload, out Vp8Rewrite rewrite));
        byte[] copy = (byte[])payload.Clone();
        rewrite.Apply(copy);
        Assert.True(Vp8PayloadDescriptor.TryParse(copy, out Vp8PayloadDescriptor written));
        Assert.Equal((rewrite.PictureId & (written.HasTwoBytePictureId ? 0x7FFF : 0x7F), rewrite.Tl0PicIdx), (written.PictureId, written.Tl0PicIdx));
        return (written.PictureId, written.Tl0PicIdx);
    }

    /// <summary>A VP8 payload: descriptor with picture ID, TL0PICIDX and TID/Y, then a 3-byte frame header.</summary>
    private static byte[] Vp8(int pictureId, int tl0, int tid = 0, bool keyframe = false, bool startOfFrame = true, bool layerSync = false, bool twoBytePictureId = true)
    {
        var bytes = new List<byte> { (byte)(0x80 | (startOfFrame ? 0x10 : 0)), 0xE0 };
        if (twoBytePictureId)
        {
            bytes.Add((byte)(0x80 | ((pictureId >> 8) & 0x7F)));
            bytes.Add((byte)pictureId);
        }
        else
        {
            bytes.Add((byte)(pictureId & 0x7F));
        }

        bytes.Add((byte)tl0);
        bytes.Add((byte)((tid << 6) | (layerSync ? 0x20 : 0)));
        bytes.Add((byte)(keyframe ? 0x10 : 0x11));
        bytes.Add(0x02);
        bytes.Add(0x00);
        return bytes.ToArray();
    }
}
