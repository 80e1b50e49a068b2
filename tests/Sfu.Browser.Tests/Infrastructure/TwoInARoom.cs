namespace Sfu.Browser.Tests.Infrastructure;

/// <summary>
/// The start of the tests of what happens to a call (leaving, dropped connections, ICE restarts, draining): two people
/// in a new room, each decoding the other's video in its tile.
/// </summary>
public static class TwoInARoom
{
    /// <summary>Frames decoded of each other's video before the call counts as running.</summary>
    public const int FramesToStart = 5;

    /// <summary>A new room name: <paramref name="prefix"/> and eight random hex digits.</summary>
    public static string NewRoom(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// Joins <paramref name="first"/> and then <paramref name="second"/> to <paramref name="room"/> (on
    /// <paramref name="server"/>, or the fixture's) and waits until each decodes more than <see cref="FramesToStart"/>
    /// frames of the other's video and shows it in one tile. The caller disposes both; on failure both are disposed here.
    /// </summary>
    public static async Task<(RoomParticipant First, RoomParticipant Second)> JoinAsync(
        BrowserFixture fixture, string room, string first, string second, TimeSpan timeout, Uri? server = null)
    {
        RoomParticipant? a = null;
        RoomParticipant? b = null;
        try
        {
            a = await RoomParticipant.JoinAsync(fixture, room, first, server: server);
            b = await RoomParticipant.JoinAsync(fixture, room, second, server: server);
            foreach (var (me, other) in new[] { (a, b), (b, a) })
            {
                var s = await me.WaitForInboundAsync(x => FramesOf(x, other) > FramesToStart, timeout);
                Assert.True(FramesOf(s, other) > FramesToStart, $"{me.Name} decodes no video of {other.Name}: [{string.Join(", ", s)}]");
                var tiles = await me.WaitForTilesAsync(other.ParticipantId, t => t.Count == 1 && t[0].ShowsVideo, timeout);
                Assert.True(tiles.Count == 1 && tiles[0].ShowsVideo, $"{me.Name}'s tile of {other.Name}: {string.Join(", ", tiles)}");
            }

            return (a, b);
        }
        catch
        {
            if (b is not null)
            {
                await b.DisposeAsync();
            }

            if (a is not null)
            {
                await a.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Frames decoded of <paramref name="from"/>'s video in <paramref name="streams"/>.</summary>
    public static long FramesOf(IReadOnlyList<RoomInboundStream> streams, RoomParticipant from)
        => streams.Where(s => s.IsVideo && s.ParticipantId == from.ParticipantId).Sum(s => s.FramesDecoded);
}
