using Sfu.Load.Cli;

namespace Sfu.Load.Tests.Cli;

/// <summary>The command line: the documented scenarios parse, every mistake says what is wrong.</summary>
public sealed class LoadOptionsParserTests
{
    [Fact]
    public void DefaultsAreAFanOutOfOnePublisherAndTenSubscribersAgainstTheLocalServer()
    {
        var o = LoadOptionsParser.Parse([]);
        Assert.Equal(new Uri("http://localhost:8080"), o.Url);
        Assert.False(o.IsMeeting);
        Assert.Equal((1, 1, 10, 11), (o.Rooms, o.Publishers, o.Subscribers, o.TotalParticipants));
        Assert.Equal(TimeSpan.FromSeconds(30), o.Duration);
        Assert.Equal(TimeSpan.FromSeconds(5), o.Settle);
        Assert.Equal(SubscriberLayer.High, o.Layer);
        Assert.True(o.TransportCc);
        Assert.False(o.BatchScheduling);
        Assert.Equal(LoadOptions.DevelopmentKey, o.ApiKey);
        Assert.StartsWith("load-", o.RoomPrefix, StringComparison.Ordinal);
    }

    [Fact]
    public void TheThreeScenariosOfTheDocsParse()
    {
        var fanOut = LoadOptionsParser.Parse(["--publishers", "1", "--subscribers", "200", "--server-pid", "1234", "--layer", "low", "--duration=1m", "--settle", "15s", "--sched-batch"]);
        Assert.Equal((1, 200, 201), (fanOut.Publishers, fanOut.Subscribers, fanOut.TotalParticipants));
        Assert.Equal(1234, fanOut.ServerPid);
        Assert.Equal(SubscriberLayer.Low, fanOut.Layer);
        Assert.Equal(TimeSpan.FromMinutes(1), fanOut.Duration);
        Assert.Equal(TimeSpan.FromSeconds(15), fanOut.Settle);
        Assert.True(fanOut.BatchScheduling);

        var meeting = LoadOptionsParser.Parse(["--room-size", "50", "--video-publishers", "10", "--no-twcc", "--ramp", "2.5"]);
        Assert.True(meeting.IsMeeting);
        Assert.Equal((50, 10, 50), (meeting.RoomSize, meeting.VideoPublishers, meeting.TotalParticipants));
        Assert.False(meeting.TransportCc);
        Assert.Equal(2.5, meeting.Ramp);

        var rooms = LoadOptionsParser.Parse(["--rooms", "20", "--room-size", "5", "--url", "http://127.0.0.1:9000", "--max-loss", "0.5%"]);
        Assert.Equal((20, 100), (rooms.Rooms, rooms.TotalParticipants));
        Assert.Equal(0.5, rooms.MaxLossPercent);
        Assert.Equal(9000, rooms.Url.Port);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5s", 1.5)]
    public void DurationsTakeUnits(string text, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), LoadOptionsParser.ParseDuration("--duration", text));

    [Theory]
    [InlineData(new[] { "--subscribers" }, "--subscribers needs a value.")]
    [InlineData(new[] { "--subscribers", "--duration", "5s" }, "--subscribers needs a value.")]
    [InlineData(new[] { "--subscribers", "many" }, "--subscribers must be a whole number, not 'many'.")]
    [InlineData(new[] { "--rooms", "0" }, "--rooms must be 1-10000, not 0.")]
    [InlineData(new[] { "--duration", "0" }, "--duration must be a duration like 30s, 2m or 1h (more than 0, at most a day), not '0'.")]
    [InlineData(new[] { "--duration", "5x" }, "--duration must be a duration like 30s, 2m or 1h, not '5x'.")]
    [InlineData(new[] { "--layer", "top" }, "--layer must be high, mid or low, not 'top'.")]
    [InlineData(new[] { "--url", "localhost:8080" }, "--url must be the server's http:// or https:// address (e.g. http://localhost:8080), not 'localhost:8080'.")]
    [InlineData(new[] { "--room-size", "5", "--subscribers", "3" }, "Use either --publishers/--subscribers (fan-out) or --room-size (meeting), not both.")]
    [InlineData(new[] { "--video-publishers", "3" }, "--video-publishers needs --room-size (the meeting shape); for fan-out use --publishers.")]
    [InlineData(new[] { "--room-size", "5", "--video-publishers", "6" }, "--video-publishers (6) cannot exceed --room-size (5).")]
    [InlineData(new[] { "--api-key", "k1" }, "--api-key and --api-secret go together.")]
    [InlineData(new[] { "--api-secret", "short" }, "--api-secret must be at least 32 characters (the server refuses shorter secrets).")]
    [InlineData(new[] { "--token", "t", "--api-key", "k", "--api-secret", "0123456789abcdef0123456789abcdef" }, "Give either --token or --api-key/--api-secret, not both.")]
    [InlineData(new[] { "--rooms", "2", "--rooms", "3" }, "--rooms is given twice.")]
    [InlineData(new[] { "--quiet=yes" }, "--quiet takes no value.")]
    [InlineData(new[] { "--max-loss", "150" }, "--max-loss must be 0-100 percent, not 150.")]
    [InlineData(new[] { "--media-address", "server" }, "--media-address must be an IP address, not 'server'.")]
    [InlineData(new[] { "subscribers" }, "Unexpected argument 'subscribers': options start with -- (see --help).")]
    public void MistakesAreRefusedWithAMessageThatSaysWhatIsWrong(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => LoadOptionsParser.Parse(args));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void AnUnknownOptionListsTheKnownOnes()
    {
        var e = Assert.Throws<UsageException>(() => LoadOptionsParser.Parse(["--subscriber", "3"]));
        Assert.StartsWith("Unknown option --subscriber. Options: --url, --rooms", e.Message, StringComparison.Ordinal);
        Assert.Contains("--no-twcc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpIsRecognizedAnywhere()
    {
        Assert.True(LoadOptionsParser.WantsHelp(["--rooms", "3", "--help"]));
        Assert.True(LoadOptionsParser.WantsHelp(["-h"]));
        Assert.False(LoadOptionsParser.WantsHelp(["--rooms", "3"]));
    }
}
