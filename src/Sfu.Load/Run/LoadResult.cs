using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sfu.Load.Run;

/// <summary>
/// Every figure of a finished run, printed as the summary table and as the final single-line JSON (camelCase) for
/// scripts. Rates are over the measurement window: from when everyone was connected (plus a settling pause) to the
/// end of <c>--duration</c>.
/// </summary>
public sealed record LoadResult
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Scenario { get; init; }

    public required string Url { get; init; }

    public int Rooms { get; init; }

    public int ParticipantsPerRoom { get; init; }

    public int Publishers { get; init; }

    public int VideoPublishers { get; init; }

    public int Subscribers { get; init; }

    public required string Layer { get; init; }

    public bool TransportCc { get; init; }

    public int Target { get; init; }

    public int Joined { get; init; }

    public int Connected { get; init; }

    public int Failed { get; init; }

    /// <summary>Up to ten failures: who and why.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    public double RampSeconds { get; init; }

    public long JoinMsMedian { get; init; }

    public long JoinMsP95 { get; init; }

    public long ConnectMsMedian { get; init; }

    public long ConnectMsP95 { get; init; }

    /// <summary>Median over subscribed audio tracks of the time to the first packet, ms (see <see cref="FirstMediaTimes"/>); -1 without any.</summary>
    public long FirstAudioMsMedian { get; init; }

    public long FirstAudioMsP95 { get; init; }

    /// <summary>Median over subscribed video tracks of the time to the first keyframe, ms (see <see cref="FirstMediaTimes"/>); -1 without any.</summary>
    public long FirstVideoMsMedian { get; init; }

    public long FirstVideoMsP95 { get; init; }

    public double WindowSeconds { get; init; }

    public double SentPacketsPerSecond { get; init; }

    public double SentBitsPerSecond { get; init; }

    /// <summary>RTP packets per second the subscribers received: what the server forwarded.</summary>
    public double ForwardedPacketsPerSecond { get; init; }

    public double ForwardedBitsPerSecond { get; init; }

    public long Expected { get; init; }

    public long Lost { get; init; }

    public double LossPercent { get; init; }

    public long Duplicates { get; init; }

    public long Reordered { get; init; }

    public long KeyframeViolations { get; init; }

    public long KeyframesSent { get; init; }

    public long KeyframeRequests { get; init; }

    public long KeyframesReceived { get; init; }

    public long LayerSwitches { get; init; }

    public long RtxPackets { get; init; }

    public long PaddingPackets { get; init; }

    public long Rejected { get; init; }

    /// <summary>Datagrams the tool's own sockets dropped in the window because the tool did not read them in time.</summary>
    public long ToolReceiveDrops { get; init; }

    public long SendErrors { get; init; }

    public int AudioTracksExpected { get; init; }

    public int AudioTracksReceived { get; init; }

    public int VideoTracksExpected { get; init; }

    public int VideoTracksReceived { get; init; }

    /// <summary>Video down-tracks per layer (0 = lowest) at the end of the run.</summary>
    public IReadOnlyList<int> VideoTracksPerLayer { get; init; } = [];

    /// <summary>Frame sizes of the last keyframe per video down-track ("1280x720": count).</summary>
    public IReadOnlyDictionary<string, int> FrameSizes { get; init; } = new Dictionary<string, int>();

    /// <summary>VP8 payload bitrate forwarded per layer (0 = lowest), summed over every video down-track, over the window (bit/s).</summary>
    public IReadOnlyList<double> LayerBitsPerSecond { get; init; } = [];

    public int? ServerPid { get; init; }

    public double? ServerCpuPercent { get; init; }

    /// <summary>The server's user-mode share of <see cref="ServerCpuPercent"/>.</summary>
    public double? ServerUserCpuPercent { get; init; }

    /// <summary>The server's kernel share of <see cref="ServerCpuPercent"/> (on loopback it includes delivering what it sends).</summary>
    public double? ServerSystemCpuPercent { get; init; }

    /// <summary>Server CPU time per forwarded packet over the window, in microseconds.</summary>
    public double? ServerCpuMicrosecondsPerPacket { get; init; }

    public long? ServerRssBeforeBytes { get; init; }

    public long? ServerRssAfterRampBytes { get; init; }

    public long? ServerRssEndBytes { get; init; }

    public long? ServerRssPeakBytes { get; init; }

    /// <summary>(RSS after the ramp − RSS before it) / participants.</summary>
    public long? ServerRssPerParticipantBytes { get; init; }

    public double ToolCpuPercent { get; init; }

    /// <summary>The load tool's kernel share of <see cref="ToolCpuPercent"/>.</summary>
    public double ToolSystemCpuPercent { get; init; }

    public long ToolRssBytes { get; init; }

    public int ToolThreads { get; init; }

    /// <summary>True when the tool's media threads ran under <c>SCHED_BATCH</c> (<c>--sched-batch</c>).</summary>
    public bool ToolBatchScheduling { get; init; }

    /// <summary>The room data figures (the data scenario), or null.</summary>
    public DataResult? Data { get; init; }

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    public bool Passed { get; init; }

    /// <summary>The result as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
