using System.Globalization;
using Sfu.Load.Cli;

namespace Sfu.Load.Run;

/// <summary>
/// Turns the options into the participants of a run, in join order: room by room, publishers first (so that
/// subscribers find the tracks already there, like viewers joining a running stream). The data scenario has no
/// media: senders, then receivers, each with room data on its publisher connection.
/// </summary>
public static class ScenarioPlanner
{
    public static IReadOnlyList<ParticipantPlan> Plan(LoadOptions options)
    {
        if (options.DataSenders is int senders)
        {
            return PlanData(options, senders);
        }

        var rooms = new List<List<(bool Audio, bool Video, bool Subscribe, string Role)>>();
        for (int r = 0; r < options.Rooms; r++)
        {
            var members = new List<(bool Audio, bool Video, bool Subscribe, string Role)>();
            if (options.RoomSize is int size)
            {
                int video = options.VideoPublishers ?? size;
                for (int i = 0; i < size; i++)
                {
                    members.Add((true, i < video, true, i < video ? "cam" : "mic"));
                }
            }
            else
            {
                for (int i = 0; i < options.Publishers; i++)
                {
                    members.Add((true, true, true, "pub"));
                }

                for (int i = 0; i < options.Subscribers; i++)
                {
                    members.Add((false, false, true, "sub"));
                }
            }

            rooms.Add(members);
        }

        var plans = new List<ParticipantPlan>();
        int digits = options.Rooms == 1 ? 0 : options.Rooms.ToString(CultureInfo.InvariantCulture).Length;
        foreach (int rank in Enumerable.Range(0, options.ParticipantsPerRoom))
        {
            for (int r = 0; r < rooms.Count; r++)
            {
                var members = rooms[r];
                var (audio, video, subscribe, role) = members[rank];
                string room = options.Rooms == 1 ? options.RoomPrefix : options.RoomPrefix + "-" + r.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
                int audioOthers = members.Count(m => m.Audio) - (audio ? 1 : 0);
                int videoOthers = members.Count(m => m.Video) - (video ? 1 : 0);
                plans.Add(new ParticipantPlan(
                    plans.Count,
                    room,
                    $"{role}-{rank.ToString(CultureInfo.InvariantCulture)}",
                    audio,
                    video,
                    subscribe,
                    subscribe ? audioOthers : 0,
                    subscribe ? videoOthers : 0));
            }
        }

        return plans;
    }

    private static List<ParticipantPlan> PlanData(LoadOptions options, int senders)
    {
        var plans = new List<ParticipantPlan>();
        int digits = options.Rooms == 1 ? 0 : options.Rooms.ToString(CultureInfo.InvariantCulture).Length;
        for (int rank = 0; rank < options.ParticipantsPerRoom; rank++)
        {
            for (int r = 0; r < options.Rooms; r++)
            {
                string room = options.Rooms == 1 ? options.RoomPrefix : options.RoomPrefix + "-" + r.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
                bool sends = rank < senders;
                string name = sends ? $"send-{rank.ToString(CultureInfo.InvariantCulture)}" : $"recv-{(rank - senders).ToString(CultureInfo.InvariantCulture)}";
                plans.Add(new ParticipantPlan(plans.Count, room, name, false, false, false, 0, 0, Data: true, SendsData: sends));
            }
        }

        return plans;
    }
}
