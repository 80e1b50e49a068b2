using System.Text;
using Sfu.Core.Ice;

namespace Sfu.Core.Tests.Ice;

public sealed class IceCredentialsTests
{
    [Fact]
    public void Generated_credentials_are_long_enough_ice_chars_and_distinct()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 200; i++)
        {
            IceCredentials credentials = IceCredentials.Generate();
            Assert.Equal(IceCredentials.GeneratedUfragLength, credentials.Ufrag.Length);
            Assert.Equal(IceCredentials.GeneratedPasswordLength, credentials.Password.Length);
            Assert.True(credentials.Ufrag.Length >= 4);
            Assert.True(credentials.Password.Length >= 22);
            Assert.Matches("^[A-Za-z0-9+/]+$", credentials.Ufrag);
            Assert.Matches("^[A-Za-z0-9+/]+$", credentials.Password);
            Assert.Equal(Encoding.UTF8.GetBytes(credentials.Ufrag), credentials.UfragUtf8.ToArray());
            Assert.Equal(Encoding.UTF8.GetBytes(credentials.Password), credentials.PasswordUtf8.ToArray());
            Assert.True(seen.Add(credentials.Ufrag));
            Assert.True(seen.Add(credentials.Password));
        }
    }

    [Theory]
    [InlineData("abc", "VOkJxbRl1RmTxUk/WvJxBt")] // ufrag too short
    [InlineData("abcd", "VOkJxbRl1RmTxUk/WvJxB")] // password too short
    [InlineData("ab:d", "VOkJxbRl1RmTxUk/WvJxBt")] // ':' is not an ice-char
    [InlineData("abcd", "VOkJxbRl1RmTxUk-WvJxBt")] // '-' is not an ice-char
    [InlineData("abcé", "VOkJxbRl1RmTxUk/WvJxBt")]
    public void Invalid_credentials_are_refused(string ufrag, string password)
    {
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, password));
    }

    [Fact]
    public void Limits_are_inclusive()
    {
        var shortest = new IceCredentials("abcd", new string('p', 22));
        Assert.True(shortest.UfragEquals("abcd"u8));
        Assert.False(shortest.UfragEquals("abcD"u8));
        Assert.False(shortest.UfragEquals("abc"u8));
        _ = new IceCredentials(new string('u', 256), new string('p', 256));
        Assert.Throws<ArgumentException>(() => new IceCredentials(new string('u', 257), new string('p', 22)));
    }

    [Fact]
    public void To_string_never_shows_the_password()
    {
        var credentials = new IceCredentials("evtj", "VOkJxbRl1RmTxUk/WvJxBt");
        Assert.Equal("ufrag=evtj", credentials.ToString());
    }
}
