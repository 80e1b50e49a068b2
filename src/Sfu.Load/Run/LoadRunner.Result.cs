using System.Globalization;
using Sfu.Load.Cli;
using Sfu.Load.Media;
using Sfu.Load.Reporting;
using Sfu.Load.Subscribing;

namespace Sfu.Load.Run;

/// <summary>The figures and checks of a finished run.</summary>
public sealed partial class LoadRunner
{
    private LoadResult BuildResult(
        double rampSeconds,
        ProcessSample? serverBefore,
        ProcessSample? serverAfterRamp,
        ProcessSample? serverEnd,
        LoadTotals start,
        LoadTotals end,
        ProcessSample? toolStart,
        ProcessSample? toolEnd,
        IReadOnlyList<MediaLoop> loops,
        DataResult? data)
    {
        double window = Math.Max(1e-3, (end.AtUs - start.AtUs) / 1e6);
        double forwarded = (end.RtpReceived - start.RtpReceived) / window;
        var tracks = _participants.Where(p => p.SubscriberMedia is not null).SelectMany(p => p.SubscriberMedia!.Tracks).Where(t => t.EndedUs < 0).ToList();
        var video = tracks.Where(t => t.IsVideo).ToList();

        int audioExpected = 0, audioReceived = 0, videoExpected = 0, videoReceived = 0;
        var missing = new List<string>();
        foreach (var p in _participants.Where(p => p.Plan.ExpectsTracks))
        {
            var live = p.SubscriberMedia?.Tracks.Where(t => t.EndedUs < 0).ToList() ?? [];
            int audio = live.Count(t => !t.IsVideo && t.Packets > 0);
            int withKeyframe = live.Count(t => t.IsVideo && t.Keyframes > 0);
            audioExpected += p.Plan.ExpectedAudioTracks;
            videoExpected += p.Plan.ExpectedVideoTracks;
            audioReceived += Math.Min(audio, p.Plan.ExpectedAudioTracks);
            videoReceived += Math.Min(withKeyframe, p.Plan.ExpectedVideoTracks);
            if ((audio < p.Plan.ExpectedAudioTracks || withKeyframe < p.Plan.ExpectedVideoTracks) && missing.Count < 5)
            {
                missing.Add($"{p.Plan.Room}/{p.Plan.Name}: audio {audio}/{p.Plan.ExpectedAudioTracks}, video {withKeyframe}/{p.Plan.ExpectedVideoTracks}");
            }
        }

        var failures = _participants
            .Select(p => (p, Reason: p.Failure ?? p.PeerFailure ?? (p.Phase == ParticipantPhase.Joined && !p.MediaConnected ? "media did not connect within the connect timeout" : null)))
            .Where(x => x.Reason is not null)
            .ToList();
        int connected = _participants.Count(p => p.MediaConnected);
        var joinMs = _participants.Where(p => p.JoinMs >= 0).Select(p => p.JoinMs).ToList();
        var connectMs = _participants
            .SelectMany(p => new[] { p.Publisher, p.Subscriber })
            .Where(peer => peer is not null && peer.ConnectMs >= 0)
            .Select(peer => peer!.ConnectMs)
            .ToList();

        var firstMedia = FirstMediaTimes.Of(_participants);
        var firstAudioMs = firstMedia.AudioMs.ToList();
        var firstVideoMs = firstMedia.VideoMs.ToList();

        double? serverCpu = serverAfterRamp is { } a && serverEnd is { } e ? ProcessSampler.CpuPercent(a, e) : null;
        double? perPacket = serverAfterRamp is { } a2 && serverEnd is { } e2 && end.RtpReceived > start.RtpReceived
            ? (e2.Cpu - a2.Cpu).TotalMicroseconds / (end.RtpReceived - start.RtpReceived)
            : null;
        long? perParticipant = serverBefore is { } b && serverAfterRamp is { } r && _participants.Count > 0
            ? (r.RssBytes - b.RssBytes) / _participants.Count
            : null;
        if (serverEnd is { } last)
        {
            _serverPeakRss = Math.Max(_serverPeakRss, last.RssBytes);
        }

        var layerBits = Enumerable.Range(0, ReceivedTrack.MaxLayers)
            .Select(l => (end.LayerBytes[l] - start.LayerBytes[l]) * 8 / window)
            .ToList();

        var checks = new List<CheckResult>
        {
            new("participants connected", connected == _participants.Count && failures.Count == 0,
                $"{connected}/{_participants.Count} connected" + (failures.Count > 0 ? $", {failures.Count} failed (first: {failures[0].p.Plan.Room}/{failures[0].p.Plan.Name}: {failures[0].Reason})" : "")),
            new("every subscriber receives audio and video", audioReceived == audioExpected && videoReceived == videoExpected,
                $"audio {audioReceived}/{audioExpected}, video with a keyframe {videoReceived}/{videoExpected}" + (missing.Count > 0 ? "; short: " + string.Join("; ", missing) : "")),
            new("keyframe first", end.KeyframeViolations == 0,
                end.KeyframeViolations == 0 ? "every picture started and every layer switch happened at a keyframe" : $"{end.KeyframeViolations} starts or layer switches without a keyframe"),
            new("loss", end.LossPercent <= _options.MaxLossPercent,
                string.Create(CultureInfo.InvariantCulture, $"{end.LossPercent:0.000}% of {end.Expected:#,0} expected packets lost ({end.Lost:#,0}); limit {_options.MaxLossPercent:0.###}%")),
            new("media threads", loops.All(l => l.Crash is null), loops.FirstOrDefault(l => l.Crash is not null)?.Crash?.Message ?? "ran to the end"),
        };
        if (data is not null)
        {
            checks.AddRange(DataChecks(data));
        }

        return new LoadResult
        {
            Scenario = _options.IsData ? "data" : _options.IsMeeting ? "meeting" : "fan-out",
            Url = _options.Url.ToString(),
            Rooms = _options.Rooms,
            ParticipantsPerRoom = _options.ParticipantsPerRoom,
            Publishers = _participants.Count(p => p.Plan.Publishes),
            VideoPublishers = _participants.Count(p => p.Plan.PublishVideo),
            Subscribers = _participants.Count(p => p.Plan.Subscribe && !p.Plan.Publishes),
            Layer = _options.Layer.ToString().ToLowerInvariant(),
            TransportCc = _options.TransportCc,
            Target = _participants.Count,
            Joined = _participants.Count(p => p.JoinMs >= 0),
            Connected = connected,
            Failed = failures.Count,
            Failures = failures.Take(10).Select(f => $"{f.p.Plan.Room}/{f.p.Plan.Name}: {f.Reason}").ToList(),
            RampSeconds = Math.Round(rampSeconds, 2),
            JoinMsMedian = Percentile(joinMs, 0.5),
            JoinMsP95 = Percentile(joinMs, 0.95),
            ConnectMsMedian = Percentile(connectMs, 0.5),
            ConnectMsP95 = Percentile(connectMs, 0.95),
            FirstAudioMsMedian = Percentile(firstAudioMs, 0.5),
            FirstAudioMsP95 = Percentile(firstAudioMs, 0.95),
            FirstVideoMsMedian = Percentile(firstVideoMs, 0.5),
            FirstVideoMsP95 = Percentile(firstVideoMs, 0.95),
            WindowSeconds = Math.Round(window, 2),
            SentPacketsPerSecond = Math.Round((end.RtpSent - start.RtpSent) / window, 1),
            SentBitsPerSecond = Math.Round((end.RtpBytesSent - start.RtpBytesSent) * 8 / window),
            ForwardedPacketsPerSecond = Math.Round(forwarded, 1),
            ForwardedBitsPerSecond = Math.Round((end.RtpBytesReceived - start.RtpBytesReceived) * 8 / window),
            Expected = end.Expected,
            Lost = end.Lost,
            LossPercent = Math.Round(end.LossPercent, 4),
            Duplicates = end.Duplicates,
            Reordered = end.Reordered,
            KeyframeViolations = end.KeyframeViolations,
            KeyframesSent = end.KeyframesSent,
            KeyframeRequests = end.KeyframeRequests,
            KeyframesReceived = end.KeyframesReceived,
            LayerSwitches = end.LayerSwitches,
            RtxPackets = end.RtxPackets,
            PaddingPackets = end.PaddingPackets,
            Rejected = end.Rejected,
            ToolReceiveDrops = end.ReceiveBufferDrops - start.ReceiveBufferDrops,
            SendErrors = end.SendErrors,
            AudioTracksExpected = audioExpected,
            AudioTracksReceived = audioReceived,
            VideoTracksExpected = videoExpected,
            VideoTracksReceived = videoReceived,
            VideoTracksPerLayer = Enumerable.Range(0, ReceivedTrack.MaxLayers).Select(l => video.Count(t => t.CurrentLayer == l)).ToList(),
            FrameSizes = video.Where(t => t.Width > 0).GroupBy(t => $"{t.Width}x{t.Height}").OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            LayerBitsPerSecond = layerBits.Select(b => Math.Round(b)).ToList(),
            ServerPid = _options.ServerPid,
            ServerCpuPercent = serverCpu is double c ? Math.Round(c, 1) : null,
            ServerUserCpuPercent = serverAfterRamp is { } ua && serverEnd is { } ue ? Math.Round(ProcessSampler.UserCpuPercent(ua, ue), 1) : null,
            ServerSystemCpuPercent = serverAfterRamp is { } sa && serverEnd is { } se ? Math.Round(ProcessSampler.SystemCpuPercent(sa, se), 1) : null,
            ServerCpuMicrosecondsPerPacket = perPacket is double u ? Math.Round(u, 2) : null,
            ServerRssBeforeBytes = serverBefore?.RssBytes,
            ServerRssAfterRampBytes = serverAfterRamp?.RssBytes,
            ServerRssEndBytes = serverEnd?.RssBytes,
            ServerRssPeakBytes = _server is null ? null : _serverPeakRss,
            ServerRssPerParticipantBytes = perParticipant,
            ToolCpuPercent = toolStart is { } ts && toolEnd is { } te ? Math.Round(ProcessSampler.CpuPercent(ts, te), 1) : 0,
            ToolSystemCpuPercent = toolStart is { } tss && toolEnd is { } tse ? Math.Round(ProcessSampler.SystemCpuPercent(tss, tse), 1) : 0,
            ToolRssBytes = toolEnd?.RssBytes ?? 0,
            ToolThreads = _options.Threads,
            ToolBatchScheduling = _options.BatchScheduling,
            Data = data,
            Checks = checks,
            Passed = checks.All(c => c.Passed),
        };
    }

    private static long Percentile(List<long> values, double q)
    {
        if (values.Count == 0)
        {
            return -1;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    }
}
