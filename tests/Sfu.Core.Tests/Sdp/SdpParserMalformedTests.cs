using System.Text;
using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

public class SdpParserMalformedTests
{
    // Line numbers:         1      2                          3      4        5
    private static readonly string[] ValidLines =
    [
        "v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=group:BUNDLE 0",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97", // 6
        "c=IN IP4 0.0.0.0",                   // 7
        "a=mid:0",                            // 8
        "a=rtpmap:96 VP8/90000",              // 9
        "a=rtpmap:97 rtx/90000",              // 10
        "a=fmtp:97 apt=96",                   // 11
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", // 12
        "a=rtcp-mux",                         // 13
    ];

    private static string WithLine(int lineNumber, string replacement)
    {
        var lines = (string[])ValidLines.Clone();
        lines[lineNumber - 1] = replacement;
        return string.Join("\r\n", lines) + "\r\n";
    }

    private static string Fail(string text)
    {
        Assert.False(SdpParser.TryParse(text, out var description, out var error));
        Assert.Null(description);
        return error;
    }

    [Fact]
    public void BaseDescriptionIsValid()
    {
        Assert.True(SdpParser.TryParse(string.Join("\r\n", ValidLines), out var description, out var error), error);
        Assert.Equal(97, description.Media[0].RtxPayloadTypeFor(96));
    }

    [Theory]
    [InlineData(1, "v=1", "line 1: v= must be 0, found '1'")]
    [InlineData(1, "o=- 1 1 IN IP4 0.0.0.0", "line 1: the first line must be v=0, found o=")]
    [InlineData(2, "s=-", "line 2: the second line must be o=, found s=")]
    [InlineData(2, "o=- x 1 IN IP4 0.0.0.0", "line 2: o= session id 'x' is not a 64-bit unsigned number")]
    [InlineData(2, "o=- 1 1 IN IP4", "line 2: o= needs 6 fields (username sess-id sess-version nettype addrtype address), found 5")]
    [InlineData(2, "o=- 1 99999999999999999999 IN IP4 0.0.0.0", "line 2: o= session version '99999999999999999999' is not a 64-bit unsigned number")]
    [InlineData(3, "s=", "line 3: s= is empty (write s=- or s=' ' for no name)")]
    [InlineData(4, "t=0", "line 4: t= must be two numbers, e.g. t=0 0")]
    [InlineData(4, "x=1", "line 4: unknown line type 'x'")]
    [InlineData(4, "v=0", "line 4: second v= line")]
    [InlineData(5, "a=group:BUNDLE 0 7", "line 5: a=group:BUNDLE names mid '7' that no m-section has")]
    [InlineData(5, "a=group:BUNDLE 0 0", "line 5: a=group names mid '0' twice")]
    [InlineData(5, "", "line 5: empty line")]
    [InlineData(6, "m=video 9 UDP/TLS/RTP/SAVPF", "line 6: m= needs <media> <port> <proto> <fmt>..., found 3 fields")]
    [InlineData(6, "m=video 9 UDP/TLS/RTP/SAVPF 96 abc", "line 6: m= payload type 'abc' is not a number from 0 to 127")]
    [InlineData(6, "m=video 9 UDP/TLS/RTP/SAVPF 96 128", "line 6: m= payload type '128' is not a number from 0 to 127")]
    [InlineData(6, "m=video 9 UDP/TLS/RTP/SAVPF 96 -1", "line 6: m= payload type '-1' is not a number from 0 to 127")]
    [InlineData(6, "m=video 9 UDP/TLS/RTP/SAVPF 96 96", "line 6: m= lists format 96 twice")]
    [InlineData(6, "m=video 70000 UDP/TLS/RTP/SAVPF 96 97", "line 6: m= port '70000' is not a number from 0 to 65535")]
    [InlineData(6, "m=video nine UDP/TLS/RTP/SAVPF 96 97", "line 6: m= port 'nine' is not a number from 0 to 65535")]
    [InlineData(6, "m=video 9 UDP//SAVPF 96 97", "line 6: m= protocol 'UDP//SAVPF' is malformed")]
    [InlineData(6, "m=vid\"eo 9 UDP/TLS/RTP/SAVPF 96 97", "line 6: m= media type 'vid\"eo' is not a token")]
    [InlineData(7, "c=IN IP4", "line 7: c= must be <nettype> <addrtype> <address>, e.g. c=IN IP4 0.0.0.0")]
    [InlineData(7, "b=AS", "line 7: b= must be <type>:<number>, e.g. b=AS:2000")]
    [InlineData(7, "t=0 0", "line 7: t= is a session-level line and cannot follow an m= line")]
    [InlineData(8, "nonsense", "line 8: 'nonsense' is not of the form <type>=<value>")]
    [InlineData(8, "A=mid:0", "line 8: 'A=mid:0' is not of the form <type>=<value>")]
    [InlineData(8, "a=mid:0\u0001", "line 8: contains the control character U+0001")]
    [InlineData(8, "a=mid:0\r", "line 8: contains the control character U+000D")]
    [InlineData(8, "a=mid", "line 8: a=mid has no value")]
    [InlineData(8, "a=bad name:1", "line 8: attribute name 'bad name' is not a token")]
    [InlineData(9, "a=rtpmap:96 VP8", "line 9: a=rtpmap has no clock rate")]
    [InlineData(9, "a=rtpmap:96 VP8/", "line 9: a=rtpmap has no clock rate")]
    [InlineData(9, "a=rtpmap:96", "line 9: a=rtpmap has no encoding name")]
    [InlineData(9, "a=rtpmap:x VP8/90000", "line 9: a=rtpmap payload type 'x' is not a number from 0 to 127")]
    [InlineData(9, "a=rtpmap:200 VP8/90000", "line 9: a=rtpmap payload type '200' is not a number from 0 to 127")]
    [InlineData(9, "a=rtpmap:96 VP8/ninety", "line 9: a=rtpmap clock rate 'ninety' is not a positive number")]
    [InlineData(9, "a=rtpmap:96 VP8/0", "line 9: a=rtpmap clock rate '0' is not a positive number")]
    [InlineData(9, "a=rtpmap:96 opus/48000/0", "line 9: a=rtpmap channel count '0' is not a number from 1 to 255")]
    [InlineData(9, "a=rtpmap:96 opus/48000/2/1", "line 9: a=rtpmap has more than <name>/<clock rate>/<channels>")]
    [InlineData(9, "a=rtpmap:97 VP8/90000", "line 10: second a=rtpmap for payload type 97")]
    [InlineData(11, "a=fmtp:97", "line 11: a=fmtp has no parameters")]
    [InlineData(11, "a=fmtp:97 ", "line 11: a=fmtp has no parameters")]
    [InlineData(11, "a=fmtp:apt apt=96", "line 11: a=fmtp payload type 'apt' is not a number from 0 to 127")]
    [InlineData(11, "a=rtcp-fb:96", "line 11: a=rtcp-fb has no feedback type")]
    [InlineData(11, "a=rtcp-fb:abc nack", "line 11: a=rtcp-fb payload type 'abc' is not a number from 0 to 127")]
    [InlineData(12, "a=extmap:0 urn:x", "line 12: a=extmap id '0' is not a number from 1 to 255")]
    [InlineData(12, "a=extmap:300 urn:x", "line 12: a=extmap id '300' is not a number from 1 to 255")]
    [InlineData(12, "a=extmap:x urn:x", "line 12: a=extmap id 'x' is not a number from 1 to 255")]
    [InlineData(12, "a=extmap:4/sideways urn:x", "line 12: a=extmap direction 'sideways' is not sendrecv, sendonly, recvonly or inactive")]
    [InlineData(12, "a=extmap:4", "line 12: a=extmap has no URI")]
    [InlineData(13, "a=candidate:1 1 udp 2130706431 127.0.0.1 typ host",
        "line 13: a=candidate: candidate has 7 fields, needs at least 8 (foundation component transport priority address port typ type)")]
    [InlineData(13, "a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ alien", "line 13: a=candidate: candidate type 'alien' is not host, srflx, prflx or relay")]
    [InlineData(13, "a=candidate:", "line 13: a=candidate has no value")]
    [InlineData(13, "a=rid:h sideways", "line 13: a=rid direction 'sideways' is neither send nor recv")]
    [InlineData(13, "a=rid:h*h send", "line 13: a=rid id 'h*h' is not 1 to 255 letters, digits, '-' or '_'")]
    [InlineData(13, "a=rid:h send pt=98", "line 13: a=rid pt='98' is not a payload type of the m= line")]
    [InlineData(13, "a=simulcast:send h;m", "line 13: a=simulcast send names rid 'h' without an a=rid:h send")]
    [InlineData(13, "a=simulcast:sideways h", "line 13: a=simulcast direction 'sideways' is neither send nor recv")]
    [InlineData(13, "a=setup:sometimes", "line 13: a=setup 'sometimes' is not actpass, active, passive or holdconn")]
    [InlineData(13, "a=fingerprint:sha-256 XY:12", "line 13: a=fingerprint value 'XY:12' is not 1 to 64 hex bytes separated by ':'")]
    [InlineData(13, "a=fingerprint:sha-256", "line 13: a=fingerprint must be <hash function> <hex bytes>")]
    [InlineData(13, "a=ice-ufrag:ab", "line 13: a=ice-ufrag must be 4 to 256 letters, digits, '+' or '/'")]
    [InlineData(13, "a=ice-pwd:short", "line 13: a=ice-pwd must be 22 to 256 letters, digits, '+' or '/'")]
    [InlineData(13, "a=ssrc:abc cname:x", "line 13: a=ssrc 'abc' is not a 32-bit unsigned number")]
    [InlineData(13, "a=ssrc:4294967296 cname:x", "line 13: a=ssrc '4294967296' is not a 32-bit unsigned number")]
    [InlineData(13, "a=ssrc:123", "line 13: a=ssrc:123 has no source attribute")]
    [InlineData(13, "a=ssrc-group:FID 1 x", "line 13: a=ssrc-group SSRC 'x' is not a 32-bit unsigned number")]
    [InlineData(13, "a=ssrc-group:FID", "line 13: a=ssrc-group must be <semantics> <ssrc> ...")]
    [InlineData(13, "a=mid:1", "line 13: second a=mid in the m-section")]
    [InlineData(13, "a=rtcp-mux:yes", "line 13: a=rtcp-mux takes no value")]
    [InlineData(13, "a=rtcp:99999", "line 13: a=rtcp must be <port 0-65535> [<nettype> <addrtype> <address>]")]
    [InlineData(13, "a=msid:a b c", "line 13: a=msid must be <stream id> [<track id>], each a token of at most 64 characters")]
    [InlineData(13, "a=sctp-port:x", "line 13: a=sctp-port must be a number from 0 to 65535")]
    [InlineData(13, "a=extmap:4 urn:other", "line 13: a=extmap id 4 is used twice in the m-section")]
    [InlineData(13, "a=sendonly:x", "line 13: a=sendonly takes no value")]
    public void BrokenLineIsRejectedWithItsLineNumber(int lineNumber, string replacement, string expected)
    {
        Assert.Equal(expected, Fail(WithLine(lineNumber, replacement)));
    }

    [Fact]
    public void SecondDirectionIsRejected()
    {
        var text = string.Join("\n", ValidLines) + "\na=sendonly\na=recvonly\n";
        Assert.Equal("line 15: second direction attribute a=recvonly in the m-section", Fail(text));
    }

    [Fact]
    public void DuplicateMidAcrossSectionsIsRejected()
    {
        var text = string.Join("\n", ValidLines) + "\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:0\n";
        Assert.Equal("line 15: a=mid:0 is already used by m-section 0", Fail(text));
    }

    [Fact]
    public void MissingTimingIsRejected()
    {
        var lines = ValidLines.Where(l => l != "t=0 0");
        Assert.Equal("line 5: m= before any t= line", Fail(string.Join("\r\n", lines)));
        Assert.Equal("line 3: the description has no t= line", Fail("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n"));
    }

    [Fact]
    public void UnknownAttributesAndDirectionsAreKeptNotRejected()
    {
        var text = string.Join("\r\n", ValidLines) + "\r\na=sendrcv\r\na=x-google-flag:conference\r\na=bundle-only\r\n";
        Assert.True(SdpParser.TryParse(text, out var description, out var error), error);
        var media = description.Media[0];
        Assert.Equal(["sendrcv", "x-google-flag", "bundle-only"], media.OtherAttributes.Select(a => a.Name));
        Assert.Equal("conference", media.OtherAttributes[1].Value);
        Assert.Null(media.OtherAttributes[2].Value);
        Assert.True(media.HasOtherAttribute("bundle-only"));
        Assert.Equal(MediaDirection.SendRecv, media.Direction);
    }

    [Fact]
    public void SessionDirectionIsTheDefaultOfSections()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=recvonly\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=inactive\r\n";
        Assert.True(SdpParser.TryParse(text, out var description, out var error), error);
        Assert.Equal(MediaDirection.RecvOnly, description.Direction);
        Assert.Equal(MediaDirection.RecvOnly, description.Media[0].Direction);
        Assert.Equal(MediaDirection.Inactive, description.Media[1].Direction);
    }

    [Fact]
    public void EmptyAndNullAreRejected()
    {
        Assert.Equal("SDP is empty", Fail(""));
        Assert.Equal("SDP is empty", Fail(null!));
        Assert.Equal("SDP is empty", Fail("\r\n\r\n"));
    }

    [Fact]
    public void BinaryJunkIsRejectedOnTheFirstLine()
    {
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            var error = Fail(Encoding.Latin1.GetString(bytes));
            Assert.StartsWith("line 1: ", error, StringComparison.Ordinal);
        }

        Assert.Equal("line 1: contains the control character U+0000", Fail("v=0\0\r\n"));
        Assert.Equal("line 5: contains the control character U+0000", Fail(WithLine(5, "a=\0\0\0\0")));
    }

    [Fact]
    public void HugeInputsAreRejectedWithTheLimit()
    {
        var big = string.Join("\r\n", ValidLines) + "\r\n" + "a=x-pad:" + new string('x', SdpParser.MaxLength) + "\r\n";
        Assert.Equal("SDP is " + big.Length + " characters, more than the limit of 1048576", Fail(big));

        var manyLines = string.Join("\n", ValidLines) + "\n" + string.Concat(Enumerable.Repeat("a=x\n", 32 * 1024));
        Assert.StartsWith("SDP has 32782 lines, more than the limit of 32768", Fail(manyLines), StringComparison.Ordinal);

        var sections = new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < 513; i++)
        {
            sections.Append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
        }

        Assert.Equal("line 517: more than 512 m-sections (the limit)", Fail(sections.ToString()));
    }

    [Fact]
    public void ExactlyTheLimitsAreAccepted()
    {
        var sections = new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < SdpParser.MaxMediaSections; i++)
        {
            sections.Append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:").Append(i).Append("\r\n");
        }

        Assert.True(SdpParser.TryParse(sections.ToString(), out var description, out var error), error);
        Assert.Equal(512, description.Media.Count);
    }
}
