using Sfu.Core.Rtp;

namespace Sfu.Core.Tests.Rtp;

public class RtpFuzzTests
{
    [Fact]
    public void RandomBuffersNeverThrowAndParsedHeadersAreConsistent()
    {
        var random = new Random(20240611);
        var buffer = new byte[96];
        int parsed = 0;
        for (int iteration = 0; iteration < 10_000; iteration++)
        {
            int length = random.Next(0, buffer.Length + 1);
            random.NextBytes(buffer);
            if (iteration % 2 == 0 && length > 0)
            {
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // version 2, to get past the first check
            }

            if (iteration % 4 == 0 && length > 15)
            {
                buffer[0] &= 0xF0; // no CSRCs, so extensions are reached more often
                buffer[12] = 0xBE;
                buffer[13] = 0xDE;
                buffer[15] &= 0x07;
            }
            else if (iteration % 4 == 2 && length > 15)
            {
                buffer[0] &= 0xF0;
                buffer[12] = 0x10;
                buffer[13] = 0x00;
                buffer[15] &= 0x07;
            }

            ReadOnlySpan<byte> packet = buffer.AsSpan(0, length);
            RtpParseError error = RtpHeader.TryParse(packet, out RtpHeader header);
            Assert.True(Enum.IsDefined(error));
            if (error != RtpParseError.None)
            {
                Assert.Equal(default, header);
                continue;
            }

            parsed++;
            Assert.Equal(2, header.Version);
            Assert.Equal(length, header.HeaderLength + header.PayloadLength + header.PaddingLength);
            Assert.True(header.PayloadLength >= 0);
            Assert.True(header.HeaderLength >= 12 + (4 * header.CsrcCount));
            if (header.HasExtension)
            {
                Assert.Equal(header.HeaderLength, header.ExtensionOffset + header.ExtensionLength);
            }

            for (int id = 0; id <= 16; id++)
            {
                if (RtpHeaderExtensions.TryFind(packet, header, id, out ReadOnlySpan<byte> value))
                {
                    Assert.InRange(id, 1, 255);
                    Assert.True(value.Length <= header.ExtensionLength);
                }
            }

            RtpHeaderExtensionEnumerator enumerator = RtpHeaderExtensions.Enumerate(packet, header);
            int elements = 0;
            while (enumerator.MoveNext())
            {
                Assert.True(enumerator.Current.ValueOffset >= header.ExtensionOffset);
                Assert.True(enumerator.Current.ValueOffset + enumerator.Current.Value.Length <= header.HeaderLength);
                elements++;
            }

            Assert.True(elements <= header.ExtensionLength);
        }

        Assert.True(parsed > 1000, $"only {parsed} random buffers parsed; the fuzz is not reaching the extension code");
    }
}
