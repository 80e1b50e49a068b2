using System.Net;
using Sfu.Server.Http;

namespace Sfu.Server.Tests.Http;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void PartitionsByAddressAndIpv6ByItsSlash64(string address, string expected) =>
        Assert.Equal(expected, ClientAddress.PartitionKey(IPAddress.Parse(address)));

    [Fact]
    public void NoAddressIsOnePartition() => Assert.Equal("unknown", ClientAddress.PartitionKey(null));
}
