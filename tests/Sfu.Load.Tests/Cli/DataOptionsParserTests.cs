using Sfu.Load.Cli;

namespace Sfu.Load.Tests.Cli;

/// <summary>The data scenario's command line: its options parse, and mixing it with the media shapes is refused.</summary>
public sealed class DataOptionsParserTests
{
    [Fact]
    public void TheDataScenarioParsesWithItsDefaults()
    {
        var o = LoadOptionsParser.Parse(["--data-senders", "4"]);
        Assert.True(o.IsData);
        Assert.False(o.IsMeeting);
        Assert.Equal((4, 0, 4), (o.DataSenders, o.DataReceivers, o.TotalParticipants));
        Assert.Equal(100, o.DataRate);
        Assert.Equal(64, o.DataSize);
        Assert.True(o.DataReliable);
    }

    [Fact]
    public void EveryDataOptionIsRead()
    {
        var o = LoadOptionsParser.Parse(["--data-senders=1", "--data-receivers", "2", "--data-rate", "2500.5", "--data-size", "16384", "--data-lossy", "--rooms", "3"]);
        Assert.Equal((1, 2, 3, 9), (o.DataSenders, o.DataReceivers, o.ParticipantsPerRoom, o.TotalParticipants));
        Assert.Equal(2500.5, o.DataRate);
        Assert.Equal(16384, o.DataSize);
        Assert.False(o.DataReliable);
        Assert.True(LoadOptionsParser.Parse(["--data-senders", "1", "--data-reliable"]).DataReliable);
    }

    [Theory]
    [InlineData(new[] { "--data-senders", "2", "--publishers", "1" }, "not with --publishers")]
    [InlineData(new[] { "--data-senders", "2", "--room-size", "4" }, "not with --publishers")]
    [InlineData(new[] { "--data-receivers", "2" }, "need --data-senders")]
    [InlineData(new[] { "--data-lossy" }, "need --data-senders")]
    [InlineData(new[] { "--data-senders", "1", "--data-lossy", "--data-reliable" }, "one of --data-reliable and --data-lossy")]
    [InlineData(new[] { "--data-senders", "1", "--data-size", "23" }, "--data-size must be 24-204800")]
    [InlineData(new[] { "--data-senders", "1", "--data-rate", "0" }, "--data-rate must be")]
    [InlineData(new[] { "--data-senders", "0" }, "--data-senders must be 1-")]
    public void MistakesSayWhatIsWrong(string[] args, string expected)
    {
        var e = Assert.Throws<UsageException>(() => LoadOptionsParser.Parse(args));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHelpNamesEveryDataOption()
    {
        foreach (string option in new[] { "--data-senders", "--data-receivers", "--data-rate", "--data-size", "--data-reliable", "--data-lossy" })
        {
            Assert.Contains(option, HelpText.Usage, StringComparison.Ordinal);
        }
    }
}
