using Sfu.Core.Forwarding;
using Sfu.Core.Transport;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// RTCP BYE as goodbye: remembers the SSRCs a participant's publisher said BYE for and, once they cover every stream
/// its tracks have sent, confirms after <see cref="Confirmation"/> that its tracks are still published and nothing was
/// received since, then has the room let it leave. Owned by a room's <see cref="PeerConnectionWatcher"/> and used only
/// on the room's loop (its timers post to the loop); it keeps what it heard per participant until
/// <see cref="Forget"/>; packet counts are read through the worker.
/// </summary>
internal sealed class GoodbyeDetector
{
    /// <summary>
    /// How long a publisher's BYE for all its streams must stand before it counts: its tracks still published and no
    /// packet since. A client that stops a track sends BYE for it before it renegotiates (its <c>Publish</c>), so a
    /// BYE alone could be a client unpublishing its last tracks.
    /// </summary>
    public static readonly TimeSpan Confirmation = TimeSpan.FromSeconds(1);

    /// <summary>SSRCs a participant's BYE packets are remembered for (a publisher sends a few streams).</summary>
    public const int MaxSsrcs = 64;

    private readonly MediaWorker _worker;
    private readonly TimeProvider _time;
    private readonly Action<string, Func<Task>> _post;
    private readonly Func<Participant, Task> _leave;
    private readonly Dictionary<Participant, Heard> _heard = new();

    /// <summary>
    /// Detects goodbyes for a room whose router runs on <paramref name="worker"/>; <paramref name="post"/> queues work
    /// on the room's loop, <paramref name="leave"/> (on the loop) lets a participant whose BYE was confirmed leave.
    /// </summary>
    public GoodbyeDetector(MediaWorker worker, TimeProvider time, Action<string, Func<Task>> post, Func<Participant, Task> leave)
    {
        _worker = worker;
        _time = time;
        _post = post;
        _leave = leave;
    }

    /// <summary>
    /// On the loop: a BYE from <paramref name="participant"/>'s publisher transport. Once the BYE packets heard cover
    /// every stream its tracks have sent, the participant leaves after <see cref="Confirmation"/> unless it
    /// unpublished them or sent on them meanwhile.
    /// </summary>
    public async Task HeardAsync(Participant participant, uint[] sources)
    {
        if (!_heard.TryGetValue(participant, out var heard))
        {
            heard = new Heard();
            _heard.Add(participant, heard);
        }

        var said = heard.Ssrcs;
        foreach (var ssrc in sources)
        {
            if (said.Count < MaxSsrcs)
            {
                said.Add(ssrc);
            }
        }

        var tracks = participant.PublishedByMid.Values.Where(t => t.RouterTrack is not null).ToList();
        if (tracks.Count == 0)
        {
            return;
        }

        if (await PacketsOfStreamsThatSaidGoodbyeAsync(tracks, said) is not { } packets)
        {
            return; // some stream has not said goodbye
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ => _post("rtcp bye confirmation", () => ConfirmAsync(participant, heard, tracks, packets, timer!)),
            null,
            Confirmation,
            Timeout.InfiniteTimeSpan);
        heard.Timer?.Dispose();
        heard.Timer = timer;
    }

    /// <summary>On the loop, when <paramref name="participant"/> left: its BYE packets and any confirmation are forgotten.</summary>
    public void Forget(Participant participant)
    {
        if (_heard.Remove(participant, out var heard))
        {
            heard.Timer?.Dispose();
        }
    }

    /// <summary>On the loop, for tests: the confirmation that runs for <paramref name="participant"/>, or null.</summary>
    internal ITimer? ConfirmationTimer(Participant participant) => _heard.TryGetValue(participant, out var heard) ? heard.Timer : null;

    /// <summary>On the loop, <see cref="Confirmation"/> after a BYE covered every stream: leaves if nothing changed.</summary>
    private async Task ConfirmAsync(Participant participant, Heard heard, List<PublishedTrackEntry> tracks, long packets, ITimer timer)
    {
        timer.Dispose();
        if (participant.Left || !ReferenceEquals(heard.Timer, timer))
        {
            return;
        }

        heard.Timer = null;
        if (tracks.Exists(t => !participant.PublishedByMid.TryGetValue(t.Mid, out var now) || !ReferenceEquals(now, t)))
        {
            return; // unpublished meanwhile: the BYE was for that
        }

        if (await PacketsOfStreamsThatSaidGoodbyeAsync(tracks, heard.Ssrcs) != packets)
        {
            return; // it sends again, or on new streams
        }

        await _leave(participant);
    }

    /// <summary>
    /// Reads on the worker: the packets received on the tracks' streams when every stream that has an SSRC is in
    /// <paramref name="said"/> (and at least one has), else null.
    /// </summary>
    private Task<long?> PacketsOfStreamsThatSaidGoodbyeAsync(List<PublishedTrackEntry> tracks, HashSet<uint> said)
    {
        var routerTracks = tracks.Select(t => t.RouterTrack!).ToArray();
        var ssrcs = said.ToArray();
        return _worker.InvokeAsync(() => PacketsIfAllSaidGoodbye(routerTracks, ssrcs));
    }

    /// <summary>On the worker: see <see cref="PacketsOfStreamsThatSaidGoodbyeAsync"/>.</summary>
    private static long? PacketsIfAllSaidGoodbye(PublishedTrack[] tracks, uint[] said)
    {
        long packets = 0;
        bool any = false;
        foreach (var track in tracks)
        {
            foreach (var layer in track.Layers)
            {
                if (!layer.HasSsrc)
                {
                    continue; // a simulcast layer never sent
                }

                if (Array.IndexOf(said, layer.Ssrc) < 0)
                {
                    return null;
                }

                any = true;
                packets += layer.PacketsReceived;
            }
        }

        return any ? packets : null;
    }

    /// <summary>What one participant's BYE packets said so far, and the confirmation that runs.</summary>
    private sealed class Heard
    {
        /// <summary>The SSRCs its publisher sent RTCP BYE for (at most <see cref="MaxSsrcs"/>).</summary>
        public HashSet<uint> Ssrcs { get; } = new();

        /// <summary>Runs out when a BYE for all its streams has stood for <see cref="Confirmation"/>.</summary>
        public ITimer? Timer { get; set; }
    }
}
