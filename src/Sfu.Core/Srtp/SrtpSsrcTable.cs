namespace Sfu.Core.Srtp;

/// <summary>
/// SSRC → <see cref="SrtpSsrcState"/>, capped so that a peer cannot grow memory by inventing SSRCs. Entries are only
/// added for packets we protect or that authenticated. Allocates only when an SSRC is added.
/// </summary>
internal sealed class SrtpSsrcTable
{
    private readonly Dictionary<uint, SrtpSsrcState> _states;
    private readonly int _replayWindowSize;
    private SrtpSsrcState? _last;

    public SrtpSsrcTable(int maxCount, int replayWindowSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        MaxCount = maxCount;
        _replayWindowSize = replayWindowSize;
        _states = new Dictionary<uint, SrtpSsrcState>(Math.Min(maxCount, 8));
    }

    public int MaxCount { get; }

    public int Count => _states.Count;

    public bool IsFull => _states.Count >= MaxCount;

    /// <summary>The state of <paramref name="ssrc"/>, or null when it has none yet.</summary>
    public SrtpSsrcState? Find(uint ssrc)
    {
        SrtpSsrcState? last = _last;
        if (last is not null && last.Ssrc == ssrc)
        {
            return last;
        }

        if (_states.TryGetValue(ssrc, out SrtpSsrcState? state))
        {
            _last = state;
            return state;
        }

        return null;
    }

    /// <summary>The state of <paramref name="ssrc"/>, created if absent; null when absent and the table is full.</summary>
    public SrtpSsrcState? FindOrAdd(uint ssrc)
    {
        SrtpSsrcState? state = Find(ssrc);
        if (state is not null)
        {
            return state;
        }

        if (IsFull)
        {
            return null;
        }

        state = new SrtpSsrcState(ssrc, _replayWindowSize);
        _states.Add(ssrc, state);
        _last = state;
        return state;
    }
}
