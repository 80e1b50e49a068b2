namespace Sfu.Load.Cli;

/// <summary>
/// One load run as the command line describes it. Two shapes: <b>fan-out</b> (<c>--publishers</c>,
/// <c>--subscribers</c>: per room, publishers send audio and simulcast video, subscribers only receive) and
/// <b>meeting</b> (<c>--room-size</c>, <c>--video-publishers</c>: everyone publishes audio and receives everything,
/// some also publish video); both repeated over <c>--rooms</c> rooms. A third, <b>data</b> (<c>--data-senders</c>,
/// <c>--data-receivers</c>), relays room data messages instead of media. See docs/load-tool.md.
/// </summary>
public sealed class LoadOptions
{
    /// <summary>The development key the server accepts in development mode (docs/admin-api.md).</summary>
    public const string DevelopmentKey = "devkey";

    /// <summary>The development key's secret (public).</summary>
    public const string DevelopmentSecret = "devsecret-change-me-0123456789abcdef";

    /// <summary>The server's base URL (the hub is <c>/hubs/room</c> under it).</summary>
    public Uri Url { get; set; } = new("http://localhost:8080");

    public int Rooms { get; set; } = 1;

    /// <summary>Meeting: participants per room; null for fan-out.</summary>
    public int? RoomSize { get; set; }

    /// <summary>Meeting: participants per room that also publish video (default: all of them).</summary>
    public int? VideoPublishers { get; set; }

    /// <summary>Fan-out: publishers (audio + video) per room.</summary>
    public int Publishers { get; set; } = 1;

    /// <summary>Fan-out: subscribe-only participants per room.</summary>
    public int Subscribers { get; set; } = 10;

    /// <summary>How long to measure once everyone is connected.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Joins per second.</summary>
    public double Ramp { get; set; } = 10;

    /// <summary>The layer subscribers ask for.</summary>
    public SubscriberLayer Layer { get; set; } = SubscriberLayer.High;

    /// <summary>Negotiate transport-wide-cc and send its feedback (as browsers do).</summary>
    public bool TransportCc { get; set; } = true;

    /// <summary>Highest acceptable loss, in percent of the packets expected by subscribers.</summary>
    public double MaxLossPercent { get; set; } = 1.0;

    /// <summary>The server's process id, to sample its CPU and memory from /proc.</summary>
    public int? ServerPid { get; set; }

    /// <summary>Room names start with this (a random suffix by default, so runs never share rooms).</summary>
    public string RoomPrefix { get; set; } = "load-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A join token for every participant (it must be valid for every room of the run, e.g. room '*').</summary>
    public string? Token { get; set; }

    /// <summary>The API key the tool signs join tokens with (the development key by default).</summary>
    public string ApiKey { get; set; } = DevelopmentKey;

    public string ApiSecret { get; set; } = DevelopmentSecret;

    /// <summary>Media threads of the tool.</summary>
    public int Threads { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Runs the media threads under Linux's <c>SCHED_BATCH</c> (see <see cref="Media.BatchScheduling"/>): side by side
    /// with the server, their wake-ups then no longer preempt it in the middle of a send batch.
    /// </summary>
    public bool BatchScheduling { get; set; }

    /// <summary>Send media to this address instead of the server's candidates'.</summary>
    public System.Net.IPAddress? MediaAddress { get; set; }

    /// <summary>No progress lines (the summary and the JSON line are still printed).</summary>
    public bool Quiet { get; set; }

    /// <summary>How long joining and connecting may take before a participant counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after everyone connected the measurement starts: keyframes and layer choices settle, and the server's
    /// just-in-time compiler finishes optimizing the packet path.
    /// </summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Data: participants per room that send room data messages (and receive the others'); null without data.</summary>
    public int? DataSenders { get; set; }

    /// <summary>Data: participants per room that only receive room data messages.</summary>
    public int DataReceivers { get; set; }

    /// <summary>Data: messages per second each sender sends.</summary>
    public double DataRate { get; set; } = 100;

    /// <summary>Data: bytes of each message's payload (what the server relays after its envelope header).</summary>
    public int DataSize { get; set; } = 64;

    /// <summary>Data: send on the reliable channel (ordered, retransmitted); false for the lossy one.</summary>
    public bool DataReliable { get; set; } = true;

    /// <summary>True for the meeting shape.</summary>
    public bool IsMeeting => RoomSize is not null;

    /// <summary>True for the data shape.</summary>
    public bool IsData => DataSenders is not null;

    /// <summary>Participants in one room.</summary>
    public int ParticipantsPerRoom => RoomSize ?? (DataSenders is int senders ? senders + DataReceivers : Publishers + Subscribers);

    /// <summary>Participants in the run.</summary>
    public int TotalParticipants => Rooms * ParticipantsPerRoom;
}
