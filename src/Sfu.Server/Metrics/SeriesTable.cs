namespace Sfu.Server.Metrics;

/// <summary>
/// The series of one instrument, found by tag set. Finding a known tag set takes no lock and allocates
/// nothing: an open-addressing table whose slots only ever go from empty to filled, read with acquire
/// semantics. Adding a tag set (the first measurement with it) takes a lock, allocates the series and
/// publishes it; the table grows by publishing a larger copy. At most <c>maxSeries</c> series are kept.
/// prometheus-net's own lookup of a child by label values takes a reader-writer lock and hashes every label
/// string per measurement; this table is why a media thread's measurement takes neither.
/// </summary>
internal sealed class SeriesTable
{
    private const int InitialSlots = 16;

    private readonly object _gate = new();
    private readonly int _maxSeries;
    private readonly bool _isHistogram;
    private readonly Func<SeriesLabels, BridgedSeries?> _createSeries;
    private readonly Dictionary<string, BridgedSeries> _byLabels = new(StringComparer.Ordinal);
    private readonly List<BridgedSeries> _series = new();
    private SeriesEntry?[] _slots = new SeriesEntry?[InitialSlots];
    private int _entries;
    private volatile bool _full;

    /// <param name="maxSeries">Most distinct series.</param>
    /// <param name="isHistogram">Renames a tag named <c>le</c>, which a histogram's buckets use.</param>
    /// <param name="createSeries">Makes a series for rendered labels (null when it cannot: the tag set is not recorded); called under the table's lock.</param>
    public SeriesTable(int maxSeries, bool isHistogram, Func<SeriesLabels, BridgedSeries?> createSeries)
    {
        _maxSeries = maxSeries;
        _isHistogram = isHistogram;
        _createSeries = createSeries;
    }

    /// <summary>The number of series.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    /// <summary>The series of a tag set, added if new; null when the table is full (the caller counts that).</summary>
    public BridgedSeries? GetOrAdd(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int hash = SeriesEntry.HashOf(tags);
        var found = Find(Volatile.Read(ref _slots), hash, tags);
        if (found is not null)
        {
            return found;
        }

        return _full ? null : Add(hash, tags);
    }

    /// <summary>A copy of the series list, in the order they appeared.</summary>
    public BridgedSeries[] Snapshot()
    {
        lock (_gate)
        {
            return _series.ToArray();
        }
    }

    private static BridgedSeries? Find(SeriesEntry?[] slots, int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int mask = slots.Length - 1;
        int i = hash & mask;
        while (true)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                return null;
            }

            if (entry.Hash == hash && entry.Matches(tags))
            {
                return entry.Series;
            }

            i = (i + 1) & mask;
        }
    }

    private BridgedSeries? Add(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var found = Find(_slots, hash, tags);
            if (found is not null)
            {
                return found;
            }

            // Tag sets that render to the same labels (say the int 200 and the string "200") share a series,
            // so the output never repeats a label set. Such aliases are bounded too.
            var labels = SeriesLabels.From(tags, _isHistogram);
            if (!_byLabels.TryGetValue(labels.Key, out var series))
            {
                if (_series.Count >= _maxSeries)
                {
                    _full = true;
                    return null;
                }

                series = _createSeries(labels);
                if (series is null)
                {
                    return null;
                }

                _byLabels.Add(labels.Key, series);
                _series.Add(series);
            }
            else if (_entries >= 2 * _maxSeries)
            {
                return series;
            }

            Insert(new SeriesEntry(hash, tags, series));
            return series;
        }
    }

    private void Insert(SeriesEntry entry)
    {
        var slots = _slots;
        if ((_entries + 1) * 2 > slots.Length)
        {
            var larger = new SeriesEntry?[slots.Length * 2];
            foreach (var existing in slots)
            {
                if (existing is not null)
                {
                    Place(larger, existing);
                }
            }

            Place(larger, entry);
            Volatile.Write(ref _slots, larger);
        }
        else
        {
            Place(slots, entry);
        }

        _entries++;
    }

    private static void Place(SeriesEntry?[] slots, SeriesEntry entry)
    {
        int mask = slots.Length - 1;
        int i = entry.Hash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        Volatile.Write(ref slots[i], entry);
    }
}
