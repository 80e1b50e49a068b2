using Sfu.Core.ActiveSpeakers;

namespace Sfu.Core.Tests.ActiveSpeakers;

public class ActiveSpeakerObserverTests
{
    [Fact]
    public void ASpeakerIsReportedWithinAFewHundredMillisecondsAndTheSilentAreNot()
    {
        using var room = new SpeakingRoom();
        room.Join("alice");
        room.Join("bob");
        room.Join("carol");
        room.Run(1000);
        Assert.Empty(room.Reports);

        room.Levels["alice"] = 25;
        room.Levels["carol"] = 70; // room noise, well below speech
        room.Run(2000);

        var at = room.FirstReport(1000, s => s.SequenceEqual(["alice"]));
        Assert.NotNull(at);
        Assert.InRange(at!.Value - 1000, 0, 400);
        Assert.Equal(["alice"], room.Current);
        Assert.Single(room.Reports); // nothing changed after that
        Assert.InRange(AudioLevelMeter.ToDbov(room.Router.Tracks[0].AudioLevel!.Value), 24.9, 25.1); // smoothed, settled
        Assert.InRange(AudioLevelMeter.ToDbov(room.Observer.Speakers[0].Level), 25, 40); // as reported, still rising
    }

    [Fact]
    public void WhenTheSpeechMovesToAnotherTheChangeFollowsWithinASecond()
    {
        using var room = new SpeakingRoom();
        room.Join("alice");
        room.Join("bob");
        room.Levels["alice"] = 25;
        room.Run(3000);
        Assert.Equal(["alice"], room.Current);

        room.Levels["alice"] = SpeakingRoom.Silence;
        room.Levels["bob"] = 30;
        room.Run(3000);

        var bobFirst = room.FirstReport(3000, s => s.Length > 0 && s[0] == "bob");
        var aliceGone = room.FirstReport(3000, s => !s.Contains("alice"));
        Assert.NotNull(bobFirst);
        Assert.NotNull(aliceGone);
        Assert.InRange(bobFirst!.Value - 3000, 0, 500);
        Assert.InRange(aliceGone!.Value - 3000, 0, 1000);
        Assert.Equal(["bob"], room.Current);
    }

    [Fact]
    public void PausesBetweenWordsHoldASpeakerAndAClickMakesNone()
    {
        using var room = new SpeakingRoom();
        room.Join("alice");
        room.Join("bob");
        room.Levels["alice"] = 25;
        room.Run(1000);
        Assert.Equal(["alice"], room.Current);
        int reports = room.Reports.Count;

        for (int word = 0; word < 5; word++)
        {
            room.Levels["alice"] = SpeakingRoom.Silence;
            room.Run(400); // a pause between words
            room.Levels["alice"] = 25;
            room.Run(300);
        }

        Assert.Equal(reports, room.Reports.Count);
        Assert.Equal(["alice"], room.Current);

        room.Levels["bob"] = 10; // one loud 60 ms click
        room.Run(60);
        room.Levels["bob"] = SpeakingRoom.Silence;
        room.Run(1000);
        Assert.DoesNotContain(room.Reports, r => r.Speakers.Any(s => s.SpeakerId == "bob"));
    }

    [Fact]
    public void DtxSilenceAndMissingPacketsAreSilent()
    {
        using var room = new SpeakingRoom();
        room.Join("alice");
        room.Join("bob");
        room.Levels["alice"] = 25;
        room.Levels["bob"] = 25;
        room.Run(1000);
        Assert.Equal(2, room.Current.Length);

        room.Levels["alice"] = null; // a sender that stopped sending
        room.Run(1500);
        Assert.Equal(["bob"], room.Current);

        // DTX: one comfort-noise packet every 400 ms, even a loud one, is not speech.
        room.Levels["alice"] = 25;
        room.Levels["bob"] = SpeakingRoom.Silence;
        using var dtx = new SpeakingRoom();
        dtx.Join("carol");
        dtx.Levels["carol"] = 25;
        dtx.Run(3000, packetEveryMs: 400);
        Assert.Empty(dtx.Reports);
    }

    [Fact]
    public void AMutedTrackIsIgnoredAndAnUnpublishedOneForgotten()
    {
        using var room = new SpeakingRoom();
        var alice = room.Join("alice");
        var bob = room.Join("bob");
        room.Levels["alice"] = 25;
        room.Levels["bob"] = 35;
        room.Run(1000);
        Assert.Equal(["alice", "bob"], room.Current);

        room.Router.SetMuted(alice, true); // the server was told: whatever still arrives is ignored
        room.Run(1500);
        Assert.Equal(["bob"], room.Current);

        room.Router.RemovePublishedTrack(bob);
        room.Run(300);
        Assert.Empty(room.Current);
        Assert.Null(bob.AudioLevel);
        Assert.True(room.Reports.Count >= 3);
    }

    [Fact]
    public void ChangesAreReportedAtMostEvery200MsAndTwoVoicesAtOnceDoNotSwapPlacesForNothing()
    {
        using var room = new SpeakingRoom();
        room.Join("alice");
        room.Join("bob");
        room.Join("carol");
        room.Levels["alice"] = 25;
        room.Levels["bob"] = 26; // about as loud: no reordering every interval
        room.Run(2000);
        int afterStart = room.Reports.Count;
        for (int i = 0; i < 20; i++)
        {
            room.Levels["alice"] = i % 2 == 0 ? 26 : 25;
            room.Levels["bob"] = i % 2 == 0 ? 25 : 26;
            room.Run(100);
        }

        Assert.Equal(afterStart, room.Reports.Count);

        // Carol coughs every 120 ms for 2 s: the set changes often, the reports stay 200 ms apart.
        for (int i = 0; i < 16; i++)
        {
            room.Levels["carol"] = i % 2 == 0 ? 5 : SpeakingRoom.Silence;
            room.Run(120);
        }

        var times = room.Reports.Select(r => r.AtMs).ToList();
        for (int i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= 200, $"reports at {times[i - 1]} and {times[i]} ms");
        }
    }

    [Fact]
    public void TracksOfOneParticipantCountAsOneSpeakerAtTheLoudestLevel()
    {
        using var room = new SpeakingRoom();
        var first = room.Join("alice");
        var second = room.Join("alice-second", observe: false);
        room.Observer.Observe(second, "alice");
        room.Levels["alice"] = SpeakingRoom.Silence;
        room.Levels["alice-second"] = 20;
        room.Run(1000);
        Assert.Equal(["alice"], room.Current);
        Assert.Throws<ArgumentException>(() => room.Observer.Observe(first, "bob"));
        Assert.NotNull(first.AudioLevel);
    }

    [Fact]
    public void MeasuringAndTickingAllocateNothingWhileTheSpeakersStayTheSame()
    {
        using var room = new SpeakingRoom();
        room.Join("alice");
        room.Join("bob");
        room.Levels["alice"] = 25;
        room.Run(1000);
        Assert.Equal(["alice"], room.Current);

        var sink = room.Router.Tracks[0].Publisher;
        var stream = new Forwarding.StreamGenerator(0x5000_0000u, Forwarding.TestCodecs.PubOpus, Forwarding.ForwardingHarness.AudioMid, firstSequenceNumber: 5000);
        var packets = Enumerable.Range(0, 100).Select(_ =>
        {
            var p = stream.Next(Forwarding.RtpPackets.Opus(), false, [(Forwarding.TestCodecs.PubAudioLevel, [(byte)(0x80 | 25)])]);
            stream.NextFrame(960);
            return p;
        }).ToArray();
        var headers = packets.Select(p => { Sfu.Core.Rtp.RtpHeader.TryParse(p, out var h); return h; }).ToArray();
        var buffer = new byte[1500];
        room.Router.OnRtp(sink, packets[0].AsSpan().ToArray(), packets[0].Length, headers[0]); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < packets.Length; i++)
        {
            packets[i].CopyTo(buffer, 0);
            room.Router.OnRtp(sink, buffer, packets[i].Length, headers[i]);
            room.Router.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void OnlyAudioTracksCanBeObserved()
    {
        using var h = new Forwarding.ForwardingHarness();
        var video = h.PublishVideo(new Forwarding.RecordingSink("p"));
        Assert.Throws<ArgumentException>(() => h.Router.ActiveSpeakers.Observe(video, "p"));
        Assert.Equal(127, AudioLevelMeter.ToDbov(0));
        Assert.Equal(1.0, AudioLevelMeter.ToAmplitude(0));
        Assert.Equal(0.1, AudioLevelMeter.ToAmplitude(20), 6);
    }
}
