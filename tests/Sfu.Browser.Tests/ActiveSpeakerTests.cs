using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sfu.Browser.Tests.Infrastructure;
using Sfu.Signaling.Rooms;
using Xunit.Abstractions;

namespace Sfu.Browser.Tests;

/// <summary>
/// Three people on the room page; Chromium's fake microphone plays real speech (made with espeak-ng) and each
/// speaker is switched on and off by enabling its microphone track, so one speaks at a time while the others send
/// silence. Everyone is told who speaks within a second, the room page frames that person's tile, and the change
/// follows when the speech moves to another.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ActiveSpeakerTests
{
    /// <summary>Records every <c>activeSpeakersChanged</c> with the wall clock (shared by all pages of the machine).</summary>
    private const string RecordSpeakers = @"() => {
        window.__speakers = [];
        window.sfu.on('activeSpeakersChanged', ({ speakers }) => window.__speakers.push({ at: Date.now(), ids: speakers.map(s => s.participantId) }));
    }";

    private readonly BrowserFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ActiveSpeakerTests(BrowserFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task TheOneWhoSpeaksIsReportedWithinASecondHighlightedAndTheChangeFollows()
    {
        string speech = await SpeechWavAsync();
        await using var browser = await _fixture.LaunchAsync($"--use-file-for-fake-audio-capture={speech}");
        var room = "speak" + Guid.NewGuid().ToString("N")[..8];
        await using var alice = await RoomParticipant.JoinAsync(_fixture, room, "alice", browser: browser);
        await using var bob = await RoomParticipant.JoinAsync(_fixture, room, "bob", browser: browser);
        await using var carol = await RoomParticipant.JoinAsync(_fixture, room, "carol", camera: false, microphone: false, browser: browser);
        try
        {
            // Both microphones play the speech from the start: first everyone falls silent.
            await SetSpeakingAsync(alice, false);
            await SetSpeakingAsync(bob, false);
            foreach (var p in new[] { alice, bob, carol })
            {
                await p.WaitForPageAsync("() => window.sfu.activeSpeakers.length === 0", TimeSpan.FromSeconds(10), $"{p.Name} hears nobody speak");
                await p.Page.EvaluateAsync(RecordSpeakers);
            }

            long aliceStarts = await SetSpeakingAsync(alice, true);
            foreach (var p in new[] { bob, carol })
            {
                await p.WaitForPageAsync($"() => window.sfu.activeSpeakers[0]?.participantId === '{alice.ParticipantId}'", TimeSpan.FromSeconds(5), $"{p.Name} is told alice speaks");
            }

            long aliceReported = await FirstReportAsync(carol, $"ids => ids[0] === '{alice.ParticipantId}'");
            await alice.WaitForPageAsync($"() => window.sfu.activeSpeakers[0]?.local === true", TimeSpan.FromSeconds(5), "alice is told she speaks");
            await carol.Page.WaitForSelectorAsync($".tile.speaking[data-participant-id='{alice.ParticipantId}']", new PageWaitForSelectorOptions { Timeout = 5000 });
            Assert.Equal(1, await carol.Page.Locator(".tile.speaking").CountAsync());
            await carol.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory(), "active-speaker.png") });

            long bobStarts = await SetSpeakingAsync(bob, true);
            await SetSpeakingAsync(alice, false);
            await carol.WaitForPageAsync($"() => window.sfu.activeSpeakers.length === 1 && window.sfu.activeSpeakers[0].participantId === '{bob.ParticipantId}'", TimeSpan.FromSeconds(5), "carol is told bob alone speaks");
            long bobReported = await FirstReportAsync(carol, $"ids => ids[0] === '{bob.ParticipantId}'");
            long aliceGone = await FirstReportAsync(carol, $"ids => ids.length > 0 && !ids.includes('{alice.ParticipantId}')");
            await carol.Page.WaitForSelectorAsync($".tile.speaking[data-participant-id='{bob.ParticipantId}']", new PageWaitForSelectorOptions { Timeout = 5000 });
            Assert.Equal(0, await carol.Page.Locator($".tile.speaking[data-participant-id='{alice.ParticipantId}']").CountAsync());

            _output.WriteLine($"alice reported {aliceReported - aliceStarts} ms after her speech started; bob first {bobReported - bobStarts} ms after his, alice off the list after {aliceGone - bobStarts} ms");
            Assert.True(aliceReported - aliceStarts <= 1000, $"alice was reported {aliceReported - aliceStarts} ms after she started speaking");
            Assert.True(bobReported - bobStarts <= 1000, $"bob was reported first {bobReported - bobStarts} ms after he started speaking");

            // The server's view: the room lists bob, his microphone has a level, the change was counted.
            var r = _fixture.Server.Services.GetRequiredService<RoomManager>();
            Assert.True(r.TryGet(room, out var serverRoom));
            Assert.Equal(bob.ParticipantId, Assert.Single(serverRoom!.ActiveSpeakers).ParticipantId);
            var stats = await serverRoom.GetStatsAsync(bob.ParticipantId);
            var mic = Assert.Single(stats!.Tracks, t => t.Direction == "in" && t.Kind == "audio");
            Assert.True(mic.AudioLevel > 0.01, $"bob's microphone level is {mic.AudioLevel}");
            foreach (var p in new[] { alice, bob, carol })
            {
                p.AssertNoErrors();
            }
        }
        finally
        {
            File.Delete(speech);
        }
    }

    /// <summary>Turns a page's microphone track on (it sends the speech) or off (silence); returns the wall-clock time it did.</summary>
    private static Task<long> SetSpeakingAsync(RoomParticipant p, bool speaking)
        => p.Page.EvaluateAsync<long>(
            @"on => { window.sfu.localTracks.find(t => t.source === 'microphone').track.enabled = on; return Date.now(); }", speaking);

    private static async Task<long> FirstReportAsync(RoomParticipant p, string predicate)
        => await p.Page.EvaluateAsync<long>($"() => (window.__speakers.find(r => ({predicate})(r.ids)) || {{ at: -1 }}).at");

    /// <summary>About 20 s of continuous speech (no sentence breaks, short word gaps), 16-bit mono WAV; the fake microphone loops it.</summary>
    private static async Task<string> SpeechWavAsync()
    {
        const string text = "the quick brown fox jumps over the lazy dog and keeps on running across the green field "
            + "while the speaker keeps talking about forwarding packets to every subscriber in the room "
            + "one layer at a time without ever stopping for breath or waiting for anyone to answer";
        string path = Path.Combine(Path.GetTempPath(), $"sfu-speech-{Guid.NewGuid():N}.wav");
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true };
        foreach (var a in new[] { "-s", "170", "-g", "1", "-a", "180", "-w", path, text })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start: run scripts/test.sh, which installs it.");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0 && File.Exists(path), $"espeak-ng failed ({process.ExitCode}): {error}");
        return path;
    }

    private static string ArtifactsDirectory()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
