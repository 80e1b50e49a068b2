using System.Globalization;
using Sfu.Load.Run;

namespace Sfu.Load.Reporting;

/// <summary>Writes a finished run as a human-readable table (the JSON line follows it).</summary>
public static class SummaryWriter
{
    public static void Write(TextWriter output, LoadResult r)
    {
        var c = CultureInfo.InvariantCulture;
        void Row(string name, string value) => output.WriteLine(string.Create(c, $"  {name,-34} {value}"));
        static string Mb(long? bytes) => bytes is long b ? (b / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB" : "-";

        output.WriteLine();
        output.WriteLine(string.Create(c, $"Summary: {r.Scenario}, {r.Rooms} room(s) of {r.ParticipantsPerRoom}, against {r.Url}"));
        Row("participants", string.Create(c, $"{r.Connected}/{r.Target} connected, {r.Failed} failed ({r.Publishers} publish, {r.VideoPublishers} with video, {r.Subscribers} only subscribe)"));
        foreach (var failure in r.Failures)
        {
            Row("  failure", failure);
        }

        Row("ramp", string.Create(c, $"{r.RampSeconds:0.0} s; join median {r.JoinMsMedian} ms, p95 {r.JoinMsP95} ms; ICE+DTLS median {r.ConnectMsMedian} ms, p95 {r.ConnectMsP95} ms"));
        Row("first media after joining", string.Create(c, $"audio median {r.FirstAudioMsMedian} ms, p95 {r.FirstAudioMsP95} ms; video (keyframe) median {r.FirstVideoMsMedian} ms, p95 {r.FirstVideoMsP95} ms"));
        Row("measured for", string.Create(c, $"{r.WindowSeconds:0.0} s (layer {r.Layer}, transport-cc {(r.TransportCc ? "on" : "off")})"));
        Row("sent by publishers", string.Create(c, $"{r.SentPacketsPerSecond:#,0} pkt/s, {r.SentBitsPerSecond / 1e6:0.00} Mbit/s"));
        Row("forwarded to subscribers", string.Create(c, $"{r.ForwardedPacketsPerSecond:#,0} pkt/s, {r.ForwardedBitsPerSecond / 1e6:0.00} Mbit/s"));
        Row("loss", string.Create(c, $"{r.LossPercent:0.000}% ({r.Lost:#,0} of {r.Expected:#,0}); {r.Duplicates} duplicates, {r.Reordered} reordered"));
        Row("tracks received", string.Create(c, $"audio {r.AudioTracksReceived}/{r.AudioTracksExpected}, video {r.VideoTracksReceived}/{r.VideoTracksExpected}"));
        Row("video down-tracks per layer", string.Join(", ", r.VideoTracksPerLayer.Select((n, l) => string.Create(c, $"L{l}: {n}"))));
        Row("video forwarded by layer", string.Join(", ", r.LayerBitsPerSecond.Select((b, l) => string.Create(c, $"L{l}: {b / 1e6:0.00} Mbit/s"))));
        Row("frame sizes (last keyframe)", r.FrameSizes.Count == 0 ? "-" : string.Join(", ", r.FrameSizes.Select(kv => string.Create(c, $"{kv.Key} x{kv.Value}"))));
        Row("keyframes", string.Create(c, $"{r.KeyframesSent} sent ({r.KeyframeRequests} requested), {r.KeyframesReceived} received, {r.KeyframeViolations} starts/switches without one, {r.LayerSwitches} layer switches"));
        Row("other", string.Create(c, $"{r.RtxPackets} RTX, {r.PaddingPackets} padding, {r.Rejected} rejected, {r.SendErrors} send errors, {r.ToolReceiveDrops} dropped by the tool's full receive buffers"));
        if (r.ServerPid is int pid)
        {
            Row("server (pid " + pid.ToString(c) + ")", string.Create(c, $"CPU {r.ServerCpuPercent:0.0}% (user {r.ServerUserCpuPercent:0.0}%, system {r.ServerSystemCpuPercent:0.0}%; {r.ServerCpuMicrosecondsPerPacket:0.00} µs per forwarded packet)"));
            Row("server memory", string.Create(c, $"RSS {Mb(r.ServerRssBeforeBytes)} before, {Mb(r.ServerRssAfterRampBytes)} after the ramp, {Mb(r.ServerRssEndBytes)} at the end, peak {Mb(r.ServerRssPeakBytes)}; {(r.ServerRssPerParticipantBytes ?? 0) / 1024.0:0} KB per participant"));
        }

        if (r.Data is { } d)
        {
            WriteData(Row, d);
        }

        Row("load tool", string.Create(c, $"CPU {r.ToolCpuPercent:0.0}% (system {r.ToolSystemCpuPercent:0.0}%) on {r.ToolThreads} media thread(s){(r.ToolBatchScheduling ? " (SCHED_BATCH)" : "")}, RSS {Mb(r.ToolRssBytes)}"));
        output.WriteLine();
        foreach (var check in r.Checks)
        {
            output.WriteLine(string.Create(c, $"  [{(check.Passed ? "pass" : "FAIL")}] {check.Name}: {check.Detail}"));
        }

        output.WriteLine(r.Passed ? "PASSED" : "FAILED");
    }

    private static void WriteData(Action<string, string> row, DataResult d)
    {
        var c = CultureInfo.InvariantCulture;
        row("data", string.Create(c, $"{(d.Reliable ? "reliable" : "lossy")}, {d.Senders} sender(s) at {d.TargetRatePerSender:#,0.#} msg/s of {d.MessageBytes:#,0} B, {d.Receivers} only receive"));
        row("data sent", string.Create(c, $"{d.SentMessagesPerSecond:#,0} msg/s, {d.SentMegabytesPerSecond:0.000} MB/s ({d.SendBufferFull:#,0} sends waited for a full buffer, {d.SendSlotsSkipped:#,0} skipped)"));
        row("data relayed (delivered)", string.Create(c, $"{d.DeliveredMessagesPerSecond:#,0} msg/s, {d.DeliveredMegabytesPerSecond:0.000} MB/s"));
        row("data loss", string.Create(c, $"{d.LossPercent:0.000}% ({d.Missing:#,0} of {d.Expected:#,0}), {d.OutOfOrder:#,0} out of order, {d.Retransmissions:#,0} SCTP retransmissions by the tool, {d.Refusals} refusals"));
        row("data latency", string.Create(c, $"median {d.LatencyMsMedian:0.000} ms, p95 {d.LatencyMsP95:0.000} ms, p99 {d.LatencyMsP99:0.000} ms"));
        if (d.ServerCpuMicrosecondsPerMessage is double perMessage)
        {
            row("server per relayed message", string.Create(c, $"{perMessage:0.00} µs CPU ({d.ServerCpuMicrosecondsPerMessageNetOfIdle:0.00} µs net of idle {d.ServerIdleCpuPercent:0.0}%); {d.RelayedMessagesPerServerCoreSecond:#,0} msg/s per server core"));
        }

        if (d.ServerAllocatedBytes is long allocated)
        {
            row("server allocations", string.Create(c, $"{allocated:#,0} B in the window, {d.ServerIdleAllocatedBytesPerSecond:#,0} B/s idle; {d.ServerAllocatedBytesPerMessage:0.00} B per relayed message net of idle"));
        }
    }
}
