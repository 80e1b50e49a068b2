using System.Globalization;
using System.Text;
using System.Text.Json;
using Sfu.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Sfu.Browser.Tests;

/// <summary>
/// How long joining takes, as a person opening the room page sees it: 20 people in turn open
/// <c>/?room=R&amp;name=N&amp;autojoin=1</c> in a room where someone already sends camera and microphone, and each sees a
/// picture of them. The page's client reports when each step of its join happened (<c>joinTimings</c>, since the page
/// was opened); the test prints the median and worst of each step. It asserts only what a person would notice (a
/// picture decoded, no page errors): the timing goals are checked in <c>docs/benchmarks.md</c>, not here, so a loaded
/// machine cannot fail the suite.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JoinTimingTests
{
    /// <summary>Joins measured (the figure in docs/benchmarks.md is the median and worst of 20).</summary>
    public const int Joins = 20;

    /// <summary>The steps in the order they are printed (the client's <c>JOIN_STEPS</c>).</summary>
    private static readonly string[] Steps =
    [
        "start", "token", "connect", "join", "subscriberOffer", "subscriberAnswered", "subscriberConnected", "publishAnswered", "firstAudio", "firstFrame",
    ];

    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(20);
    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public JoinTimingTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task EachOfTwentyJoinersSeesThePublisherAndTheJoinStepsArePrinted()
    {
        // A server of its own: no other test's rooms, and the development token limit (30 per 10 s per address) off.
        await using var server = new SfuServer(new Dictionary<string, string?> { ["Sfu:RateLimits:DevToken:PermitLimit"] = "0" });
        var room = "join" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "Alice", server: server.BaseAddress);

        var measured = new List<IReadOnlyDictionary<string, double?>>();
        for (int i = 1; i <= Joins; i++)
        {
            await using var joiner = await RoomParticipant.JoinAsync(_fixture, room, $"Joiner{i}", server: server.BaseAddress);
            await joiner.WaitForPageAsync("() => window.sfu.joinTimings.firstFrame !== null", FrameTimeout, $"Joiner{i} decodes a frame");

            // What the person sees: Alice's tile plays her video.
            var tiles = await joiner.WaitForTilesAsync(alice.ParticipantId, t => t.Count == 1 && t[0].ShowsVideo, TimeSpan.FromSeconds(10));
            Assert.True(tiles.Count == 1 && tiles[0].ShowsVideo, $"Joiner{i}'s tile of Alice: {string.Join(", ", tiles)}. {await joiner.DescribeAsync()}");
            measured.Add(await ReadTimingsAsync(joiner));
            joiner.AssertNoErrors();
            await joiner.LeaveAsync();
        }

        _output.WriteLine(Describe(measured));
        alice.AssertNoErrors();
    }

    private static async Task<IReadOnlyDictionary<string, double?>> ReadTimingsAsync(RoomParticipant participant)
    {
        var json = await participant.Page.EvaluateAsync<JsonElement>("() => window.sfu.joinTimings");
        var timings = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var step in Steps)
        {
            timings[step] = json.TryGetProperty(step, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        }

        return timings;
    }

    /// <summary>One line per join, then the median and worst of each step (milliseconds since the page was opened).</summary>
    private static string Describe(IReadOnlyList<IReadOnlyDictionary<string, double?>> joins)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Join timings of {joins.Count} joins, ms since the page was opened:");
        text.AppendLine(string.Join(" ", new[] { "join" }.Concat(Steps).Select(s => s.PadLeft(Math.Max(6, s.Length)))));
        for (int i = 0; i < joins.Count; i++)
        {
            text.AppendLine(string.Join(" ", new[] { (i + 1).ToString(c).PadLeft(6) }.Concat(Steps.Select(s => Format(joins[i][s]).PadLeft(Math.Max(6, s.Length))))));
        }

        foreach (var (label, pick) in new (string, Func<List<double>, double>)[] { ("median", Median), ("worst", l => l.Max()) })
        {
            var row = Steps.Select(s =>
            {
                var values = joins.Select(j => j[s]).OfType<double>().ToList();
                return (values.Count == 0 ? "-" : Format(pick(values))).PadLeft(Math.Max(6, s.Length));
            });
            text.AppendLine(string.Join(" ", new[] { label.PadLeft(6) }.Concat(row)));
        }

        text.Append(DescribeIntervals(joins));
        return text.ToString();
    }

    /// <summary>The intervals printed after the steps: what each part of a join took (from, to; null: the page opened).</summary>
    private static readonly (string? From, string To)[] Intervals =
    [
        (null, "start"), ("start", "token"), ("start", "connect"), ("connect", "join"), ("start", "subscriberOffer"),
        ("subscriberOffer", "subscriberAnswered"), ("subscriberOffer", "subscriberConnected"), ("subscriberConnected", "firstFrame"),
        ("start", "publishAnswered"), ("start", "firstFrame"), (null, "firstFrame"),
    ];

    /// <summary>Median and worst over the joins of each interval of <see cref="Intervals"/>.</summary>
    private static string DescribeIntervals(IReadOnlyList<IReadOnlyDictionary<string, double?>> joins)
    {
        var text = new StringBuilder();
        text.AppendLine("Intervals, median / worst, ms:");
        foreach (var (from, to) in Intervals)
        {
            var values = joins
                .Where(j => j[to] is not null && (from is null || j[from] is not null))
                .Select(j => j[to]!.Value - (from is null ? 0 : j[from]!.Value))
                .ToList();
            var figure = values.Count == 0 ? "-" : $"{Format(Median(values))} / {Format(values.Max())}";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {from ?? "page open"} -> {to}: {figure}");
        }

        return text.ToString();
    }

    private static string Format(double? ms) => ms is double v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
