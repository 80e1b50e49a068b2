namespace Sfu.Core.Srtp;

/// <summary>
/// SSRC → <see cref="SrtpSsrcState"/>, capped so that a peer cannot grow memory by inventing SSRCs. Entries are only
/// added for packets we protect or that authenticated, and removed when their stream ends (<see cref="Remove"/>). A
/// removed SSRC is remembered (the last <see cref="MaxCount"/> of them) and not taken again: under the same keys its
/// index would start over. Allocates only when an SSRC is added or removed.
/// </summary>
internal sealed class SrtpSsrcTable
{
    private readonly Dictionary<uint, SrtpSsrcState> _states;
    private readonly int _replayWindowSize;
    private readonly HashSet<uint> _retired = [];
    private readonly Queue<uint> _retiredOrder = new();
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

    /// <summary>Removed SSRCs remembered (at most <see cref="MaxCount"/>).</summary>
    public int RetiredCount => _retired.Count;

    /// <summary>True when <paramref name="ssrc"/> was removed and may not come back.</summary>
    public bool IsRetired(uint ssrc) => _retired.Count > 0 && _retired.Contains(ssrc);

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

        if (IsFull || IsRetired(ssrc))
        {
            return null;
        }

        state = new SrtpSsrcState(ssrc, _replayWindowSize);
        _states.Add(ssrc, state);
        _last = state;
        return state;
    }

    /// <summary>Drops the state of <paramref name="ssrc"/> and retires it; false when it had none.</summary>
    public bool Remove(uint ssrc)
    {
        if (!_states.Remove(ssrc))
        {
            return false;
        }

        if (_last?.Ssrc == ssrc)
        {
            _last = null;
        }

        if (_retired.Add(ssrc))
        {
            _retiredOrder.Enqueue(ssrc);
            if (_retiredOrder.Count > MaxCount)
            {
                _retired.Remove(_retiredOrder.Dequeue()); // the oldest: a random SSRC coming back after this many is not a concern
            }
        }

        return true;
    }
}
