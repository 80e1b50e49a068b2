using Sfu.Core.Rtp.Codecs;

namespace Sfu.Core.Tests.Rtp.Codecs;

public class CodecFuzzTests
{
    [Fact]
    public void RandomPayloadsNeverThrow()
    {
        var random = new Random(4242);
        var buffer = new byte[40];
        int vp8Parsed = 0;
        int vp9Parsed = 0;
        int keyframes = 0;
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            int length = random.Next(0, buffer.Length + 1);
            random.NextBytes(buffer);
            Span<byte> payload = buffer.AsSpan(0, length);

            if (Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8))
            {
                vp8Parsed++;
                Assert.InRange(vp8.Length, 1, length);
                vp8.TryRewritePictureId(payload, (ushort)iteration);
                vp8.TryRewriteTl0PicIdx(payload, (byte)iteration);
                Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor again));
                Assert.Equal(vp8.Length, again.Length);
            }

            if (Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor vp9))
            {
                vp9Parsed++;
                Assert.InRange(vp9.Length, 1, length);
                vp9.TryRewritePictureId(payload, (ushort)iteration);
                vp9.TryRewriteTl0PicIdx(payload, (byte)iteration);
            }

            keyframes += H264Packetization.IsKeyframe(payload) ? 1 : 0;
            keyframes += Av1Packetization.IsKeyframe(payload) ? 1 : 0;
            keyframes += Vp8PayloadDescriptor.IsKeyframe(payload) ? 1 : 0;
            keyframes += Vp9PayloadDescriptor.IsKeyframe(payload) ? 1 : 0;
        }

        Assert.True(vp8Parsed > 5000);
        Assert.True(vp9Parsed > 1000);
        Assert.True(keyframes > 1000);
    }
}
