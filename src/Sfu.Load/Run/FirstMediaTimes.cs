using Sfu.Load.Subscribing;

namespace Sfu.Load.Run;

/// <summary>
/// How long subscribers waited for each remote track: per subscribed track, from when both the subscriber and the
/// track existed (the later of the subscriber starting to join and the publisher's <c>Publish</c> being answered) to
/// the first audio packet, or for video to the first keyframe (the first picture a decoder could show). For a
/// subscriber joining a room whose publishers are already sending, that is join to first audio / first frame.
/// </summary>
public sealed class FirstMediaTimes
{
    private FirstMediaTimes(List<long> audioMs, List<long> videoMs)
    {
        AudioMs = audioMs;
        VideoMs = videoMs;
    }

    /// <summary>Milliseconds to the first audio packet, one per audio track received.</summary>
    public IReadOnlyList<long> AudioMs { get; }

    /// <summary>Milliseconds to the first video keyframe, one per video track that got one.</summary>
    public IReadOnlyList<long> VideoMs { get; }

    /// <summary>The times of every subscriber of <paramref name="participants"/>.</summary>
    public static FirstMediaTimes Of(IReadOnlyList<LoadParticipant> participants)
    {
        var publishedUs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in participants)
        {
            if (p.ParticipantId is { } id && p.PublishedUs >= 0)
            {
                publishedUs[id] = p.PublishedUs;
            }
        }

        var audio = new List<long>();
        var video = new List<long>();
        foreach (var p in participants)
        {
            if (p.SubscriberMedia is not { } media || p.JoinStartUs < 0)
            {
                continue;
            }

            foreach (ReceivedTrack track in media.Tracks)
            {
                long firstUs = track.IsVideo ? track.FirstKeyframeUs : track.FirstPacketUs;
                if (firstUs < 0)
                {
                    continue;
                }

                long fromUs = Math.Max(p.JoinStartUs, publishedUs.GetValueOrDefault(track.Section.ParticipantId, -1));
                (track.IsVideo ? video : audio).Add(Math.Max(0, firstUs - fromUs) / 1000);
            }
        }

        return new FirstMediaTimes(audio, video);
    }
}
