using System.Text;
using Sfu.Core.Sdp;
using Xunit.Abstractions;

namespace Sfu.Core.Tests.Sdp;

public class SdpParserFuzzTests(ITestOutputHelper output)
{
    private const string Alphabet = " :/=;,~*-0123456789abcxyzAB\t\r\n\u0000\u00ff";

    [Fact]
    public void RandomMutationsOfFixturesNeverThrow()
    {
        var random = new Random(20261122);
        var fixtures = SdpFixtures.All.Select(SdpFixtures.Read).ToArray();
        var offers = fixtures.Select(f => SdpParserTestParse(f)!).ToArray();
        int parsed = 0;
        int rejected = 0;
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            int which = random.Next(fixtures.Length);
            var text = Mutate(random, fixtures[which], fixtures);
            var description = SdpParserTestParse(text);
            if (description is null)
            {
                rejected++;
                continue;
            }

            parsed++;
            // What parses can be written, and what is written parses to the same text again.
            var written = SdpWriter.Write(description);
            Assert.True(SdpParser.TryParse(written, out var again, out var error), "iteration " + iteration + ": " + error + "\n" + written);
            Assert.Equal(written, SdpWriter.Write(again));

            // A hostile offer never makes negotiation throw.
            var result = SdpNegotiator.CreateAnswer(description, SdpAnswerTestHelpers.Options());
            Assert.Equal(description.Media.Count, result.Media.Count);
            Assert.True(SdpParser.TryParse(SdpWriter.Write(result.Answer), out _, out error), "answer of iteration " + iteration + ": " + error);
            Assert.Equal(offers[which].Media.Count, SdpNegotiator.ProcessAnswer(offers[which], description).Count);
        }

        output.WriteLine("parsed " + parsed + ", rejected " + rejected);
        Assert.True(parsed > 200, "only " + parsed + " mutations parsed");
        Assert.True(rejected > 200, "only " + rejected + " mutations were rejected");
    }

    [Fact]
    public void RandomCandidatesNeverThrow()
    {
        var random = new Random(99);
        const string Valid = "candidate:3696875035 1 udp 2122260223 127.0.0.1 36102 typ srflx raddr 10.0.0.1 rport 9 generation 0 network-id 2";
        int parsed = 0;
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder(Valid);
            for (int m = random.Next(1, 4); m > 0 && text.Length > 0; m--)
            {
                int at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 12), text.Length - at)); break;
                    case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                }
            }

            if (IceCandidate.TryParse(text.ToString(), out var candidate, out var error))
            {
                parsed++;
                Assert.True(IceCandidate.TryParse(candidate.ToString(), out var again, out error), error);
                Assert.Equal(candidate.ToString(), again.ToString());
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }
        }

        output.WriteLine("candidates parsed " + parsed + " of 3000");
        Assert.True(parsed > 100, "only " + parsed + " candidates parsed");
    }

    private static SessionDescription? SdpParserTestParse(string text)
    {
        if (SdpParser.TryParse(text, out var description, out var error))
        {
            Assert.Equal("", error);
            return description;
        }

        Assert.Matches("^(line [0-9]+: .+|SDP .+)$", error);
        return null;
    }

    private static string Mutate(Random random, string text, string[] fixtures)
    {
        var lines = text.Split("\r\n").ToList();
        for (int count = random.Next(1, 4); count > 0 && lines.Count > 0; count--)
        {
            int index = random.Next(lines.Count);
            switch (random.Next(8))
            {
                case 0:
                    lines.RemoveAt(index);
                    break;
                case 1:
                    lines.Insert(index, lines[index]);
                    break;
                case 2:
                    int other = random.Next(lines.Count);
                    (lines[index], lines[other]) = (lines[other], lines[index]);
                    break;
                case 3:
                    var donor = fixtures[random.Next(fixtures.Length)].Split("\r\n");
                    lines.Insert(index, donor[random.Next(donor.Length)]);
                    break;
                case 4 when lines[index].Length > 0:
                    var chars = lines[index].ToCharArray();
                    chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
                    lines[index] = new string(chars);
                    break;
                case 5 when lines[index].Length > 0:
                    int cut = random.Next(lines[index].Length);
                    lines[index] = lines[index].Remove(cut, random.Next(1, lines[index].Length - cut + 1));
                    break;
                case 6:
                    lines[index] = lines[index].Insert(random.Next(lines[index].Length + 1), Alphabet[random.Next(Alphabet.Length)].ToString());
                    break;
                default:
                    var digits = lines[index].ToCharArray();
                    for (int i = 0; i < digits.Length; i++)
                    {
                        if (char.IsAsciiDigit(digits[i]) && random.Next(4) == 0)
                        {
                            digits[i] = (char)('0' + random.Next(10));
                        }
                    }

                    lines[index] = new string(digits) + (random.Next(3) == 0 ? "9999999999" : "");
                    break;
            }
        }

        return string.Join("\r\n", lines);
    }
}
