using Sfu.Load.Cli;
using Sfu.Load.Run;

namespace Sfu.Load.Tests.Run;

/// <summary>Who joins which room, publishing what and expecting which tracks, in join order.</summary>
public sealed class ScenarioPlannerTests
{
    [Fact]
    public void FanOutJoinsThePublisherFirstAndSubscribersExpectItsAudioAndVideo()
    {
        var plans = ScenarioPlanner.Plan(new LoadOptions { Publishers = 1, Subscribers = 3, RoomPrefix = "r" });
        Assert.Equal(4, plans.Count);
        Assert.True(plans[0].PublishAudio && plans[0].PublishVideo);
        Assert.False(plans[0].ExpectsTracks); // alone on the publishing side
        Assert.All(plans.Skip(1), p =>
        {
            Assert.False(p.Publishes);
            Assert.Equal((1, 1), (p.ExpectedAudioTracks, p.ExpectedVideoTracks));
            Assert.Equal("r", p.Room);
        });
        Assert.Equal(["pub-0", "sub-1", "sub-2", "sub-3"], plans.Select(p => p.Name));
    }

    [Fact]
    public void AMeetingHasEveryoneOnAudioAndSomeOnVideo()
    {
        var plans = ScenarioPlanner.Plan(new LoadOptions { RoomSize = 5, VideoPublishers = 2, RoomPrefix = "m" });
        Assert.Equal(5, plans.Count);
        Assert.All(plans, p => Assert.True(p.PublishAudio && p.Subscribe));
        Assert.Equal(2, plans.Count(p => p.PublishVideo));
        Assert.All(plans.Where(p => p.PublishVideo), p => Assert.Equal((4, 1), (p.ExpectedAudioTracks, p.ExpectedVideoTracks)));
        Assert.All(plans.Where(p => !p.PublishVideo), p => Assert.Equal((4, 2), (p.ExpectedAudioTracks, p.ExpectedVideoTracks)));
    }

    [Fact]
    public void ManyRoomsFillInTurnSoEveryRoomGetsItsPublishersFirst()
    {
        var plans = ScenarioPlanner.Plan(new LoadOptions { Rooms = 12, RoomSize = 3, RoomPrefix = "x" });
        Assert.Equal(36, plans.Count);
        Assert.Equal(12, plans.Select(p => p.Room).Distinct().Count());
        Assert.Equal("x-00", plans[0].Room);
        Assert.Equal("x-11", plans[11].Room);
        Assert.Equal("x-00", plans[12].Room);
        Assert.All(plans, p => Assert.Equal((2, 2), (p.ExpectedAudioTracks, p.ExpectedVideoTracks)));
    }

    [Fact]
    public void TheDataScenarioHasSendersThenReceiversWithDataAndNoMedia()
    {
        var plans = ScenarioPlanner.Plan(new LoadOptions { DataSenders = 2, DataReceivers = 1, Rooms = 2, RoomPrefix = "d" });
        Assert.Equal(6, plans.Count);
        Assert.Equal(["send-0", "send-0", "send-1", "send-1", "recv-0", "recv-0"], plans.Select(p => p.Name));
        Assert.Equal(["d-0", "d-1", "d-0", "d-1", "d-0", "d-1"], plans.Select(p => p.Room));
        Assert.All(plans, p => Assert.True(p.Data && !p.Publishes && !p.Subscribe && !p.ExpectsTracks));
        Assert.Equal([true, true, true, true, false, false], plans.Select(p => p.SendsData));
        Assert.Equal(Enumerable.Range(0, 6), plans.Select(p => p.Index));
    }
}
