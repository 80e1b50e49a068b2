namespace Sfu.Core.Forwarding;

/// <summary>
/// Loss detection for one receive stream towards its publisher: notes the extended sequence numbers skipped by each
/// new packet, asks for them again (generic NACK) every <see cref="RetryInterval"/> up to <see cref="MaxRetries"/>
/// times, and forgets them when they arrive (late or as an RTX retransmission), after <see cref="MaxAge"/>, or when
/// more than <see cref="Capacity"/> are missing (the oldest go first).
/// </summary>
/// <remarks>
/// The missing list is kept in preallocated arrays sorted by sequence number (gaps are always above everything
/// known), so adding appends and removing shifts at most <see cref="Capacity"/> entries. Allocation-free;
/// media worker thread only. Times are <see cref="TimeProvider"/> timestamps.
/// </remarks>
internal sealed class NackGenerator
{
    /// <summary>Most sequence numbers waiting for a retransmission at once.</summary>
    public const int Capacity = 512;

    /// <summary>How many NACKs are sent for one packet before giving up on it.</summary>
    public const int MaxRetries = 10;

    /// <summary>
    /// A gap larger than this is not NACKed (the publisher restarted its numbering, or a long outage a keyframe
    /// request repairs better); detection restarts after it.
    /// </summary>
    public const int MaxGap = Capacity;

    private readonly long[] _sequence = new long[Capacity];
    private readonly long[] _added = new long[Capacity];
    private readonly long[] _lastSent = new long[Capacity];
    private readonly byte[] _retries = new byte[Capacity];
    private readonly long _retryTicks;
    private readonly long _maxAgeTicks;
    private int _count;
    private bool _started;
    private long _highest;

    public NackGenerator(long frequency)
    {
        _retryTicks = (long)(RetryInterval.TotalSeconds * frequency);
        _maxAgeTicks = (long)(MaxAge.TotalSeconds * frequency);
    }

    /// <summary>
    /// Time between two NACKs for the same packet: about one round trip to a publisher on a normal path. We have no
    /// RTT measurement towards publishers (they send no XR/RR about us), so this is fixed.
    /// </summary>
    public static TimeSpan RetryInterval { get; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A packet missing longer than this is given up (its frame is long past any jitter buffer).</summary>
    public static TimeSpan MaxAge { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Sequence numbers currently missing.</summary>
    public int MissingCount => _count;

    /// <summary>Missing packets that arrived after all (late or retransmitted).</summary>
    public long Recovered { get; private set; }

    /// <summary>Missing packets given up (retries exhausted, too old, or pushed out of the list).</summary>
    public long GivenUp { get; private set; }

    /// <summary>True when <paramref name="extended"/> is waiting for a retransmission.</summary>
    public bool IsMissing(long extended) => IndexOf(extended) >= 0;

    /// <summary>Forgets everything (the stream moved to a new SSRC).</summary>
    public void Reset()
    {
        _count = 0;
        _started = false;
    }

    /// <summary>
    /// A media packet arrived. A newer one records the skipped numbers as missing; an older one that was missing is
    /// removed. Returns true when the packet was missing (a recovery).
    /// </summary>
    public bool OnPacket(long extended, long now)
    {
        if (!_started)
        {
            _started = true;
            _highest = extended;
            return false;
        }

        if (extended <= _highest)
        {
            return Remove(extended);
        }

        long gap = extended - _highest - 1;
        if (gap > MaxGap)
        {
            GivenUp += _count;
            _count = 0;
        }
        else
        {
            for (long missing = _highest + 1; missing < extended; missing++)
            {
                Add(missing, now);
            }
        }

        _highest = extended;
        return false;
    }

    /// <summary>
    /// Writes the sequence numbers to NACK now (16-bit, ascending) into <paramref name="destination"/> and returns how
    /// many; drops entries that are too old or used all their retries. At most <paramref name="destination"/>'s length
    /// per call; the rest follow on the next call.
    /// </summary>
    public int CollectDue(long now, Span<ushort> destination)
    {
        int written = 0;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            bool drop = now - _added[i] > _maxAgeTicks || _retries[i] >= MaxRetries;
            if (!drop && written < destination.Length && (_retries[i] == 0 || now - _lastSent[i] >= _retryTicks))
            {
                destination[written++] = (ushort)_sequence[i];
                _retries[i]++;
                _lastSent[i] = now;
            }

            if (drop)
            {
                GivenUp++;
                continue;
            }

            if (kept != i)
            {
                _sequence[kept] = _sequence[i];
                _added[kept] = _added[i];
                _lastSent[kept] = _lastSent[i];
                _retries[kept] = _retries[i];
            }

            kept++;
        }

        _count = kept;
        return written;
    }

    private void Add(long extended, long now)
    {
        if (_count == Capacity)
        {
            RemoveAt(0);
            GivenUp++;
        }

        _sequence[_count] = extended;
        _added[_count] = now;
        _lastSent[_count] = now;
        _retries[_count] = 0;
        _count++;
    }

    private bool Remove(long extended)
    {
        int index = IndexOf(extended);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        Recovered++;
        return true;
    }

    private int IndexOf(long extended)
    {
        int index = Array.BinarySearch(_sequence, 0, _count, extended);
        return index >= 0 ? index : -1;
    }

    private void RemoveAt(int index)
    {
        int tail = _count - index - 1;
        if (tail > 0)
        {
            Array.Copy(_sequence, index + 1, _sequence, index, tail);
            Array.Copy(_added, index + 1, _added, index, tail);
            Array.Copy(_lastSent, index + 1, _lastSent, index, tail);
            Array.Copy(_retries, index + 1, _retries, index, tail);
        }

        _count--;
    }
}
