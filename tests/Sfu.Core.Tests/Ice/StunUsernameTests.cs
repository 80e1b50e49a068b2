using System.Text;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

public sealed class StunUsernameTests
{
    [Theory]
    [InlineData("ours:theirs", true, "ours", true, "theirs")]
    [InlineData("a:b:c", true, "a", true, "b:c")]
    [InlineData("nocolon", false, "", false, "")]
    [InlineData(":theirs", false, "", true, "theirs")]
    [InlineData("ours:", true, "ours", false, "")]
    [InlineData("", false, "", false, "")]
    [InlineData(":", false, "", false, "")]
    public void Splits_at_the_first_colon(string username, bool hasLocal, string local, bool hasRemote, string remote)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(username);
        Assert.Equal(hasLocal, StunUsername.TryGetLocalFragment(bytes, out ReadOnlySpan<byte> localFragment));
        Assert.Equal(local, Encoding.UTF8.GetString(localFragment));
        Assert.Equal(hasRemote, StunUsername.TryGetRemoteFragment(bytes, out ReadOnlySpan<byte> remoteFragment));
        Assert.Equal(remote, Encoding.UTF8.GetString(remoteFragment));
    }
}
