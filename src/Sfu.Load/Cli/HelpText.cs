namespace Sfu.Load.Cli;

/// <summary>The usage text (<c>--help</c>).</summary>
public static class HelpText
{
    public const string Usage = """
        Sfu.Load: synthetic WebRTC participants against an Sfu server (docs/load-tool.md).

        Scenarios (per room, repeated over --rooms):
          fan-out   --publishers P --subscribers S     P publish audio + 3-layer VP8 simulcast, S only receive (default 1 and 10)
          meeting   --room-size N [--video-publishers V]   everyone publishes audio and receives everything, V also video (default N)
          data      --data-senders K [--data-receivers M]  room data, no media: K send (and receive the others'), M only receive

        Options:
          --url URL               server address (default http://localhost:8080); the hub is /hubs/room
          --rooms N               rooms (default 1)
          --duration D            how long to measure once everyone is connected: 30s, 2m (default 30s)
          --settle D              how long to wait after everyone connected before measuring (default 5s)
          --ramp R                joins per second (default 10)
          --layer high|mid|low    the simulcast layer subscribers ask for (default high)
          --twcc | --no-twcc      negotiate transport-wide-cc and send its feedback (default on, as browsers)
          --max-loss P            fail when more than P % of expected packets are lost (default 1)
          --server-pid PID        sample the server's CPU and memory from /proc/PID
          --room NAME             room name (prefix with --rooms > 1); default load-<random>
          --token T               one join token for everyone (valid for every room of the run)
          --api-key K --api-secret S   sign a token per participant (default: the development key)
          --threads N             media threads (default: one per core)
          --media-address IP      send media here instead of the server's candidate address
          --connect-timeout D     how long joining and connecting may take (default 30s)
          --data-rate R           data: messages per second per sender (default 100)
          --data-size S           data: payload bytes per message, 24-204800 (default 64)
          --data-reliable | --data-lossy   data: send on _reliable (ordered, retransmitted; default) or _lossy
          --sched-batch           media threads under SCHED_BATCH: beside the server, they do not preempt it on every wake-up
          --quiet                 no progress lines

        Data: the server's limits (Sfu:Rooms:Data:MessagesPerSecond, BytesPerSecond, MaxMessageBytes) must allow the rate.
        With --server-pid the data summary has server CPU and managed bytes allocated (from /metrics) per relayed message.

        Output: a progress line every second, a summary, then one line of JSON with every figure.
        Exit code: 0 when every check passed, 1 when one failed, 2 for a bad command line.
        """;
}
