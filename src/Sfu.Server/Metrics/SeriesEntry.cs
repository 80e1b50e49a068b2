namespace Sfu.Server.Metrics;

/// <summary>An immutable copy of one tag set and the series it maps to (several tag sets can share a series).</summary>
internal sealed class SeriesEntry
{
    private readonly string[] _keys;
    private readonly object?[] _values;

    public SeriesEntry(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags, BridgedSeries series)
    {
        Hash = hash;
        Series = series;
        _keys = new string[tags.Length];
        _values = new object?[tags.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            _keys[i] = tags[i].Key;
            _values[i] = tags[i].Value;
        }
    }

    public int Hash { get; }

    public BridgedSeries Series { get; }

    /// <summary>The same tags in any order (keys compared ordinally, values with <see cref="object.Equals(object?, object?)"/>).</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _keys.Length)
        {
            return false;
        }

        for (int i = 0; i < tags.Length; i++)
        {
            if (!Contains(tags[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An order-independent hash of a tag set; no allocation.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        uint hash = (uint)tags.Length;
        for (int i = 0; i < tags.Length; i++)
        {
            uint key = (uint)(tags[i].Key?.GetHashCode() ?? 0);
            uint value = (uint)(tags[i].Value?.GetHashCode() ?? 0);
            uint mixed = (key * 0x9E3779B1u) ^ (value + 0x7F4A7C15u + (key << 6) + (key >> 2));
            hash += mixed * 0x85EBCA6Bu;
        }

        hash ^= hash >> 15;
        hash *= 0xC2B2AE35u;
        hash ^= hash >> 13;
        return (int)hash;
    }

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        for (int j = 0; j < _keys.Length; j++)
        {
            if (string.Equals(_keys[j], tag.Key, StringComparison.Ordinal) && Equals(_values[j], tag.Value))
            {
                return true;
            }
        }

        return false;
    }
}
