using System.Text.Json;
using Sfu.Core.Forwarding;
using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// Reads a participant's statistics for the admin API: the counters and layer decisions of its published tracks and
/// down-tracks are copied on the room's media worker, and each track's bitrate is computed from the bytes of the
/// previous request. Owned by one <see cref="Room"/> and used only on its loop; what it remembers of a participant is
/// freed with <see cref="Forget"/> when the participant leaves.
/// </summary>
internal sealed class ParticipantStatsReader
{
    /// <summary>Per participant: the bytes of each of its tracks at the previous stats request.</summary>
    private readonly Dictionary<string, Dictionary<string, (long Bytes, DateTimeOffset At)>> _lastStats = new(StringComparer.Ordinal);
    private readonly MediaWorker _worker;
    private readonly TimeProvider _time;

    /// <summary>A reader of the participants of a room on <paramref name="worker"/>.</summary>
    public ParticipantStatsReader(MediaWorker worker, TimeProvider time)
    {
        _worker = worker;
        _time = time;
    }

    /// <summary>On the loop: the statistics of <paramref name="participant"/>'s tracks, read on the worker.</summary>
    public async Task<ParticipantStats> ReadAsync(Participant participant)
    {
        var published = participant.PublishedByMid.Values.Where(t => t.RouterTrack is not null).ToList();
        var sections = participant.Sections.Where(s => s.Track is not null && s.DownTrack is not null).ToList();
        var time = _time;
        var raw = await _worker.InvokeAsync(() => ReadOnWorker(published, sections, time));
        var now = time.GetUtcNow();
        var tracks = new List<TrackStats>(raw.Count);
        if (!_lastStats.TryGetValue(participant.Id, out var previous))
        {
            _lastStats[participant.Id] = previous = new Dictionary<string, (long Bytes, DateTimeOffset At)>(StringComparer.Ordinal);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in raw)
        {
            var key = s.Direction + "/" + s.TrackId;
            long? bitrate = null;
            if (previous.TryGetValue(key, out var last) && now > last.At && s.Bytes >= last.Bytes)
            {
                bitrate = (long)((s.Bytes - last.Bytes) * 8 / (now - last.At).TotalSeconds);
            }

            previous[key] = (s.Bytes, now);
            seen.Add(key);
            tracks.Add(s with { BitrateBps = bitrate });
        }

        previous.Keys.Where(k => !seen.Contains(k)).ToList().ForEach(k => previous.Remove(k)); // tracks that went
        return new ParticipantStats(participant.Id, now, tracks);
    }

    /// <summary>On the loop: frees what was kept of a participant that left.</summary>
    public void Forget(string participantId) => _lastStats.Remove(participantId);

    /// <summary>On the worker: copies the counters of the router's receivers and down-tracks.</summary>
    private static List<TrackStats> ReadOnWorker(List<PublishedTrackEntry> published, List<SubscriberSection> sections, TimeProvider time)
    {
        long now = time.GetTimestamp();
        var result = new List<TrackStats>();
        foreach (var entry in published)
        {
            var track = entry.RouterTrack!;
            long packets = 0, bytes = 0, lost = 0, keyframeRequests = 0;
            double fraction = 0, jitter = 0;
            var layers = new List<ReceivedLayerStats>(track.Layers.Count);
            for (int i = 0; i < track.Layers.Count; i++)
            {
                var layer = track.Layers[i];
                packets += layer.PacketsReceived;
                bytes += layer.BytesReceived;
                lost += Math.Max(0, layer.PacketsLost);
                keyframeRequests += layer.KeyframeRequestsSent;
                fraction = Math.Max(fraction, layer.FractionLost);
                jitter = Math.Max(jitter, layer.Jitter);
                bool live = layer.LastPacketTimestamp is long at && time.GetElapsedTime(at, now) <= Room.LiveLayerWindow;
                layers.Add(new ReceivedLayerStats(
                    layer.Rid, track.QualityOf(i), layer.HasSsrc ? layer.Ssrc : null, layer.PacketsReceived, layer.BytesReceived,
                    layer.BitrateBps, layer.Width, layer.Height, live));
            }

            result.Add(new TrackStats(entry.TrackId, "in", entry.Kind, packets, bytes, null, lost, fraction, jitter, null, keyframeRequests, null, track.Layers.Count, entry.Muted)
            {
                ReceivedLayers = layers,
                Feedback = track.NegotiatedFeedback,
                RecoveryNote = track.RecoveryNote,
                AudioLevel = track.AudioLevel,
            });
        }

        foreach (var section in sections)
        {
            var down = section.DownTrack!;
            bool video = section.Kind == Sfu.Core.Sdp.MediaKinds.Video;
            var stats = new TrackStats(
                section.Track!.TrackId, "out", section.Kind, down.PacketsSent, down.BytesSent, null, down.PacketsLost, down.FractionLost, down.Jitter,
                down.RoundTripTime?.TotalMilliseconds, down.KeyframeRequestsReceived, down.CurrentLayer, section.Track.RouterTrack?.Layers.Count ?? 1, section.Track.Muted)
            {
                AllocationReason = CamelCase(down.AllocationReason.ToString()),
                Paused = down.Paused,
                BandwidthEstimateBps = down.BandwidthEstimateBps,
                NacksReceived = down.NacksReceived,
                RetransmissionsSent = down.RetransmissionsSent,
            };
            if (video)
            {
                stats = stats with
                {
                    TargetLayer = down.TargetLayer,
                    AllocatedLayer = down.AllocatedLayer,
                    PausedByAllocator = down.PausedByAllocator,
                    PreferredMaxLayer = down.PreferredMaxLayer,
                    PreferredMaxWidth = down.PreferredMaxWidth,
                    PreferredMaxHeight = down.PreferredMaxHeight,
                    LayerSwitches = down.LayerSwitches,
                    RecentLayerSwitches = down.RecentLayerSwitches()
                        .Select(r => new LayerSwitchStats(r.At, r.From, r.To, CamelCase(r.Reason.ToString())))
                        .ToList(),
                };
            }

            result.Add(stats);
        }

        return result;
    }

    private static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
