using Sfu.Core.Rtp.Codecs;
using Sfu.Load.Publishing;

namespace Sfu.Load.Tests.Publishing;

/// <summary>The synthetic VP8 packets parse with the server's own descriptor parser and carry what the server reads.</summary>
public sealed class Vp8PacketizerTests
{
    private const int MaxPayload = 1172;

    [Fact]
    public void AKeyframeParsesAsAKeyframeWithItsSizeAndIsSplitIntoPacketsUnderTheLimit()
    {
        var packetizer = new Vp8Packetizer(2, 1280, 720, initialPictureId: 0x7FFF, initialTl0PicIdx: 255);
        packetizer.StartFrame(keyframe: true, 21_000, MaxPayload);
        var packets = Drain(packetizer, out var lastFlags);

        Assert.Equal(19, packets.Count); // ceil((21000 - 4) / (1172 - 6 - 4))
        Assert.All(packets, p => Assert.InRange(p.Length, 1, MaxPayload));
        Assert.Equal(21_000 + (packets.Count * Vp8Packetizer.DescriptorLength) + ((packets.Count - 1) * Vp8Packetizer.LayerTagLength), packets.Sum(p => p.Length));
        Assert.Equal([.. Enumerable.Repeat(false, packets.Count - 1), true], lastFlags);

        Assert.True(Vp8PayloadDescriptor.TryParse(packets[0], out var first));
        Assert.True(first.StartsKeyframe);
        Assert.True(first.IsStartOfFrame);
        Assert.True(first.HasTwoBytePictureId);
        Assert.Equal(0x7FFF, first.PictureId);
        Assert.Equal(0, first.Tl0PicIdx); // 255 + 1 wraps: a keyframe is a TL0 picture
        Assert.Equal(0, first.TemporalLayerId);
        Assert.True(first.IsLayerSync);
        Assert.True(Vp8PayloadDescriptor.TryReadKeyframeSize(packets[0], out int width, out int height));
        Assert.Equal((1280, 720), (width, height));

        foreach (var packet in packets.Skip(1))
        {
            Assert.True(Vp8PayloadDescriptor.TryParse(packet, out var d));
            Assert.False(d.IsStartOfFrame);
            Assert.False(d.StartsKeyframe);
            Assert.Equal(0x7FFF, d.PictureId);
        }

        Assert.All(packets, p =>
        {
            Assert.True(Vp8Packetizer.TryReadTag(p, out var tag));
            Assert.Equal(2, tag.Layer);
            Assert.Equal(0, tag.Frame);
        });
    }

    [Fact]
    public void InterframesFollowChromiumsTemporalPatternAndCountPicturesAndTl0()
    {
        var packetizer = new Vp8Packetizer(0, 320, 180, initialPictureId: 10, initialTl0PicIdx: 7);
        var seen = new List<(ushort PictureId, byte Tl0, int Tid, bool Sync, bool Key)>();
        for (int i = 0; i < 6; i++)
        {
            packetizer.StartFrame(keyframe: i == 0, 600, MaxPayload);
            var packets = Drain(packetizer, out _);
            Assert.Single(packets); // 600 bytes fit one packet
            Assert.True(Vp8PayloadDescriptor.TryParse(packets[0], out var d));
            Assert.False(Vp8PayloadDescriptor.TryReadKeyframeSize(packets[0], out _, out _) && i > 0);
            seen.Add((d.PictureId, d.Tl0PicIdx, d.TemporalLayerId, d.IsLayerSync, d.StartsKeyframe));
            Assert.True(Vp8Packetizer.TryReadTag(packets[0], out var tag));
            Assert.Equal(i, tag.Frame);
            Assert.True(tag.StartsFrame);
            Assert.Equal(i == 0, tag.StartsKeyframe);
        }

        Assert.Equal(
            [(10, 8, 0, true, true), (11, 8, 2, true, false), (12, 8, 1, true, false), (13, 8, 2, false, false), (14, 9, 0, false, false), (15, 9, 2, true, false)],
            seen);
    }

    [Fact]
    public void TheLastFrameBytesAllGoOutAndAnotherPacketNeedsANewFrame()
    {
        var packetizer = new Vp8Packetizer(1, 640, 360);
        packetizer.StartFrame(keyframe: false, 2_400, MaxPayload);
        var packets = Drain(packetizer, out _);
        Assert.Equal(3, packets.Count);
        Assert.False(packetizer.HasPackets);
        Assert.Throws<InvalidOperationException>(() => packetizer.WriteNext(new byte[MaxPayload], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => packetizer.StartFrame(false, Vp8Packetizer.MinFrameLength - 1, MaxPayload));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Vp8Packetizer(0, 0x4000, 720));
    }

    [Fact]
    public void ATagIsNotReadFromSomethingElse()
    {
        Assert.False(Vp8Packetizer.TryReadTag([], out _));
        Assert.False(Vp8Packetizer.TryReadTag([0x90, 0xE0, 0x80], out _)); // descriptor cut short
        Assert.False(Vp8Packetizer.TryReadTag([0x10, 0x00, 0x01, 0x02], out _)); // keyframe header too short for a tag
    }

    private static List<byte[]> Drain(Vp8Packetizer packetizer, out List<bool> lastFlags)
    {
        var packets = new List<byte[]>();
        lastFlags = [];
        var buffer = new byte[MaxPayload];
        while (packetizer.HasPackets)
        {
            int n = packetizer.WriteNext(buffer, out bool last);
            packets.Add(buffer[..n]);
            lastFlags.Add(last);
        }

        return packets;
    }
}
