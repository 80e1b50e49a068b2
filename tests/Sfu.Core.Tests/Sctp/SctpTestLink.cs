using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// Two associations joined by a simulated link with a manual clock: packets queue and are delivered by
/// <see cref="Pump"/>; <see cref="ShouldDrop"/> loses chosen ones. Everything sent is logged for inspection.
/// </summary>
internal sealed class SctpTestLink
{
    private readonly Queue<(int To, byte[] Packet)> _queue = new();

    public SctpTestLink(SctpOptions? a = null, SctpOptions? b = null, bool keepLog = true)
    {
        KeepLog = keepLog;
        A = new SctpTestPeer(this, 0, a);
        B = new SctpTestPeer(this, 1, b);
    }

    public long NowMs { get; set; } = 1000;

    public SctpTestPeer A { get; }

    public SctpTestPeer B { get; }

    public bool KeepLog { get; }

    /// <summary>Decides per packet (sending side, bytes) whether the link loses it.</summary>
    public Func<int, byte[], bool>? ShouldDrop { get; set; }

    public List<(int From, byte[] Packet)> Log { get; } = [];

    public int Dropped { get; private set; }

    public void Enqueue(int from, ReadOnlySpan<byte> packet)
    {
        byte[] copy = packet.ToArray();
        if (KeepLog)
        {
            Log.Add((from, copy));
        }

        if (ShouldDrop?.Invoke(from, copy) == true)
        {
            Dropped++;
            return;
        }

        _queue.Enqueue((1 - from, copy));
    }

    /// <summary>Delivers queued packets (and what they cause) until the link is idle.</summary>
    public void Pump(int limit = 1_000_000)
    {
        while (_queue.Count > 0 && limit-- > 0)
        {
            var (to, packet) = _queue.Dequeue();
            (to == 0 ? A : B).Association.HandlePacket(packet);
        }
    }

    /// <summary>Advances the clock in steps, running due timers and delivering packets, for <paramref name="ms"/>.</summary>
    public void Run(long ms, int stepMs = 10)
    {
        long end = NowMs + ms;
        Pump();
        while (NowMs < end)
        {
            NowMs += stepMs;
            Tick();
        }
    }

    /// <summary>Runs until <paramref name="done"/> holds or <paramref name="maxMs"/> pass; returns whether it held.</summary>
    public bool RunUntil(Func<bool> done, long maxMs = 60_000, int stepMs = 10)
    {
        long end = NowMs + maxMs;
        Pump();
        while (!done())
        {
            if (NowMs >= end)
            {
                return false;
            }

            NowMs += stepMs;
            Tick();
        }

        return true;
    }

    public void Connect()
    {
        A.Association.Connect();
        Pump();
    }

    private void Tick()
    {
        if (NowMs >= A.Association.NextTimerMs)
        {
            A.Association.OnTimer();
        }

        if (NowMs >= B.Association.NextTimerMs)
        {
            B.Association.OnTimer();
        }

        Pump();
    }
}
