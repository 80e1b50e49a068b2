using Sfu.Core.Sdp;

namespace Sfu.Core.Tests.Sdp;

public class IceCandidateTests
{
    [Theory]
    [InlineData("candidate:3696875035 1 udp 2122260223 127.0.0.1 36102 typ host generation 0 network-id 2 network-cost 50")]
    [InlineData("3696875035 1 udp 2122260223 127.0.0.1 36102 typ host generation 0 network-id 2 network-cost 50")]
    public void ParsesWithOrWithoutPrefix(string text)
    {
        Assert.True(IceCandidate.TryParse(text, out var candidate, out var error), error);
        Assert.Equal("3696875035", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.Equal(IceTransportProtocol.Udp, candidate.Transport);
        Assert.Equal(2122260223U, candidate.Priority);
        Assert.Equal("127.0.0.1", candidate.Address);
        Assert.Equal(36102, candidate.Port);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.Equal(0, candidate.Generation);
        Assert.Equal([new("network-id", "2"), new("network-cost", "50")], candidate.Extensions);
        Assert.Equal("3696875035 1 udp 2122260223 127.0.0.1 36102 typ host generation 0 network-id 2 network-cost 50", candidate.ToString());
        Assert.Equal("candidate:" + candidate, candidate.ToCandidateString());
    }

    [Fact]
    public void ParsesRelatedAddressTcpTypeAndMdnsNames()
    {
        Assert.True(IceCandidate.TryParse(
            "842163049 1 udp 1677729535 203.0.113.7 61234 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 1Lq7 network-cost 999",
            out var srflx, out var error), error);
        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal("0.0.0.0", srflx.RelatedAddress);
        Assert.Equal(0, srflx.RelatedPort);
        Assert.Equal("1Lq7", srflx.Extensions[0].Value);
        Assert.Equal("842163049 1 udp 1677729535 203.0.113.7 61234 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 1Lq7 network-cost 999", srflx.ToString());

        Assert.True(IceCandidate.TryParse("2 1 TCP 1518280447 4a8b1c2d-0e6f.local 9 typ host tcptype active", out var tcp, out error), error);
        Assert.Equal(IceTransportProtocol.Tcp, tcp.Transport);
        Assert.Equal(IceTcpType.Active, tcp.TcpType);
        Assert.Equal("4a8b1c2d-0e6f.local", tcp.Address);
        Assert.Equal("2 1 tcp 1518280447 4a8b1c2d-0e6f.local 9 typ host tcptype active", tcp.ToString());

        Assert.True(IceCandidate.TryParse("x+/y 2 udp 10 2001:db8::1 3478 typ relay raddr 198.51.100.2 rport 5000", out var relay, out error), error);
        Assert.Equal(IceCandidateType.Relayed, relay.Type);
        Assert.Equal(2, relay.Component);
        Assert.Equal("2001:db8::1", relay.Address);
        Assert.True(IceCandidate.TryParse("1 1 udp 1 10.0.0.1 1 typ prflx", out var prflx, out error), error);
        Assert.Equal(IceCandidateType.PeerReflexive, prflx.Type);
    }

    [Theory]
    [InlineData("", "candidate is empty")]
    [InlineData("candidate:", "candidate has 0 fields, needs at least 8 (foundation component transport priority address port typ type)")]
    [InlineData("1 1 udp 2130706431 127.0.0.1 typ host", "candidate has 7 fields, needs at least 8 (foundation component transport priority address port typ type)")]
    [InlineData("123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host", "candidate foundation '123456789012345678901234567890123' is not 1 to 32 letters, digits, '+' or '/'")]
    [InlineData("a-b 1 udp 1 1.2.3.4 5 typ host", "candidate foundation 'a-b' is not 1 to 32 letters, digits, '+' or '/'")]
    [InlineData("1 0 udp 1 1.2.3.4 5 typ host", "candidate component '0' is not a number from 1 to 256")]
    [InlineData("1 257 udp 1 1.2.3.4 5 typ host", "candidate component '257' is not a number from 1 to 256")]
    [InlineData("1 1 sctp 1 1.2.3.4 5 typ host", "candidate transport 'sctp' is neither udp nor tcp")]
    [InlineData("1 1 udp 4294967296 1.2.3.4 5 typ host", "candidate priority '4294967296' is not a 32-bit unsigned number")]
    [InlineData("1 1 udp -5 1.2.3.4 5 typ host", "candidate priority '-5' is not a 32-bit unsigned number")]
    [InlineData("1 1 udp 1 1.2.3.4 65536 typ host", "candidate port '65536' is not a number from 0 to 65535")]
    [InlineData("1 1 udp 1 1.2.3.4 5 type host", "candidate has 'type' where 'typ' belongs")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ alien", "candidate type 'alien' is not host, srflx, prflx or relay")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host generation", "candidate extension 'generation' has no value")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host rport x", "candidate rport 'x' is not a single number from 0 to 65535")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host tcptype sideways", "candidate tcptype 'sideways' is not a single active, passive or so")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host generation -1", "candidate generation '-1' is not a single non-negative number")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host raddr 1.1.1.1 raddr 2.2.2.2", "candidate has raddr twice")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host a\"b c", "candidate extension name 'a\"b' is not a token")]
    [InlineData("1 1 udp 1 1.2.3.4 5 typ host\u0000", "candidate contains a control character")]
    public void MalformedCandidatesAreRejected(string text, string expected)
    {
        Assert.False(IceCandidate.TryParse(text, out var candidate, out var error));
        Assert.Null(candidate);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void OverlongCandidateIsRejected()
    {
        Assert.False(IceCandidate.TryParse("1 1 udp 1 1.2.3.4 5 typ host x " + new string('y', 3000), out _, out var error));
        Assert.Equal("candidate is longer than 2048 characters", error);
    }

    [Fact]
    public void HostFactoryUsesRfc8445Priority()
    {
        var candidate = IceCandidate.CreateHost("1", "192.0.2.10", 40000);
        // (2^24)*126 + (2^8)*65535 + (256 - 1)
        Assert.Equal(2130706431U, candidate.Priority);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.Equal("1 1 udp 2130706431 192.0.2.10 40000 typ host", candidate.ToString());

        var lower = IceCandidate.CreateHost("2", "192.0.2.10", 40000, localPreference: 10);
        Assert.Equal((126U << 24) + (10U << 8) + 255U, lower.Priority);

        var tcp = IceCandidate.CreateHost("3", "192.0.2.10", 443, IceTransportProtocol.Tcp);
        Assert.Equal("3 1 tcp 2130706431 192.0.2.10 443 typ host tcptype passive", tcp.ToString());

        Assert.Equal(2130706430U, IceCandidate.ComputePriority(IceCandidate.HostTypePreference, 65535, 2));
        Assert.Equal(100, IceCandidate.TypePreferenceOf(IceCandidateType.ServerReflexive));
        Assert.Throws<ArgumentException>(() => IceCandidate.CreateHost("bad foundation", "1.2.3.4", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidate.CreateHost("1", "1.2.3.4", 70000));
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidate.ComputePriority(127, 0, 1));
    }
}
