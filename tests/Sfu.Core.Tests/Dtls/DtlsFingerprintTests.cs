using System.Security.Cryptography;
using Sfu.Core.Dtls;

namespace Sfu.Core.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // A real Chrome-style SDP value (32 bytes).
    private const string Sha256Text =
        "sha-256 8D:E7:2B:9F:2C:4A:9E:0B:6B:1F:33:D1:7F:0A:8C:55:91:02:4E:6A:C3:7B:D5:E9:1A:44:0F:60:88:2D:BB:17";

    [Fact]
    public void ParsesAndFormatsSha256()
    {
        Assert.True(DtlsFingerprint.TryParse(Sha256Text, out DtlsFingerprint fp));
        Assert.Equal("sha-256", fp.Algorithm);
        Assert.Equal(32, fp.Value.Length);
        Assert.Equal(0x8D, fp.Value.Span[0]);
        Assert.Equal(0x17, fp.Value.Span[31]);
        Assert.Equal(Sha256Text, fp.ToString());
        Assert.False(fp.IsEmpty);
    }

    [Fact]
    public void ParsingIsCaseInsensitiveAndTrims()
    {
        Assert.True(DtlsFingerprint.TryParse("  SHA-256\t" + Sha256Text[8..].ToLowerInvariant() + " \r\n", out DtlsFingerprint fp));
        Assert.Equal("sha-256", fp.Algorithm);
        Assert.True(DtlsFingerprint.TryParse(Sha256Text, out DtlsFingerprint reference));
        Assert.Equal(reference, fp);
        Assert.True(reference == fp);
        Assert.Equal(reference.GetHashCode(), fp.GetHashCode());
        Assert.Equal(Sha256Text, fp.ToString()); // canonical form: lower-case name, upper-case hex
    }

    [Theory]
    [InlineData("sha-1", 20)]
    [InlineData("sha-224", 28)]
    [InlineData("sha-384", 48)]
    [InlineData("sha-512", 64)]
    public void ParsesOtherShaSizes(string algorithm, int length)
    {
        string hex = string.Join(':', Enumerable.Range(0, length).Select(i => (i * 7 % 256).ToString("X2")));
        Assert.True(DtlsFingerprint.TryParse($"{algorithm} {hex}", out DtlsFingerprint fp));
        Assert.Equal(algorithm, fp.Algorithm);
        Assert.Equal(length, fp.Value.Length);
        Assert.Equal($"{algorithm} {hex}", fp.ToString());
        Assert.False(DtlsFingerprint.TryParse($"{algorithm} {hex}:00", out _));
        Assert.False(DtlsFingerprint.TryParse($"{algorithm} {hex[..^3]}", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 8D:E7:2B:9F:2C:4A:9E:0B:6B:1F:33:D1:7F:0A:8C:55")]
    [InlineData("sha-257 8D:E7")]
    [InlineData(" 8D:E7:2B")]
    public void RejectsMalformedValues(string? text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out DtlsFingerprint fp));
        Assert.True(fp.IsEmpty);
    }

    [Fact]
    public void RejectsBadHexAndSeparators()
    {
        char[] original = Sha256Text.ToCharArray();
        for (int i = 8; i < original.Length; i++)
        {
            foreach (char bad in "G:- z")
            {
                if (bad == original[i])
                {
                    continue;
                }

                char[] text = (char[])original.Clone();
                text[i] = bad;
                Assert.False(DtlsFingerprint.TryParse(new string(text), out _), new string(text));
            }
        }
    }

    [Fact]
    public void TruncatedAtEveryLengthAndRandomTextNeverThrow()
    {
        for (int length = 0; length < Sha256Text.Length; length++)
        {
            Assert.False(DtlsFingerprint.TryParse(Sha256Text[..length], out _));
        }

        var rng = new Random(42);
        const string alphabet = "sha-256 0123456789ABCDEFabcdef:\t";
        for (int i = 0; i < 3000; i++)
        {
            char[] text = new char[rng.Next(0, 120)];
            for (int j = 0; j < text.Length; j++)
            {
                text[j] = rng.Next(4) == 0 ? (char)rng.Next(0, 0x3000) : alphabet[rng.Next(alphabet.Length)];
            }

            // Whatever random text parses is a real fingerprint: its canonical form parses back to the same value.
            if (DtlsFingerprint.TryParse(new string(text), out DtlsFingerprint parsed))
            {
                Assert.True(DtlsFingerprint.TryParse(parsed.ToString(), out DtlsFingerprint again), parsed.ToString());
                Assert.Equal(parsed, again);
            }
        }
    }

    [Fact]
    public void EqualityComparesAlgorithmAndBytes()
    {
        byte[] digest = SHA256.HashData("x"u8);
        var a = new DtlsFingerprint("sha-256", digest);
        var b = new DtlsFingerprint("SHA-256", digest);
        digest[0] ^= 1;
        var c = new DtlsFingerprint("sha-256", digest);

        Assert.Equal(a, b); // copied on construction, algorithm case-insensitive
        Assert.NotEqual(a, c);
        Assert.True(a != c);
        Assert.NotEqual(a, default);
        Assert.Equal(default(DtlsFingerprint), default);
        Assert.Equal(string.Empty, default(DtlsFingerprint).ToString());
        Assert.False(a.Equals((object)"sha-256"));
        Assert.NotEqual(new DtlsFingerprint("sha-1", new byte[20]), new DtlsFingerprint("sha-256", new byte[32]));
    }

    [Fact]
    public void ConstructorRejectsWrongSizesAndUnknownAlgorithms()
    {
        Assert.Throws<ArgumentException>(() => new DtlsFingerprint("sha-256", new byte[31]));
        Assert.Throws<ArgumentException>(() => new DtlsFingerprint("md5", new byte[16]));
    }

    [Fact]
    public void FromCertificateDerIsSha256OfTheDer()
    {
        byte[] der = [0x30, 0x03, 0x02, 0x01, 0x01];
        DtlsFingerprint fp = DtlsFingerprint.FromCertificateDer(der);
        Assert.Equal("sha-256", fp.Algorithm);
        Assert.Equal(SHA256.HashData(der), fp.Value.ToArray());
    }
}
