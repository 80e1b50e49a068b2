namespace Sfu.Core.Sdp;

/// <summary>
/// a=rid (RFC 8851 10): <c>a=rid:&lt;rid-id&gt; &lt;send | recv&gt; [pt=&lt;fmt&gt;,...;&lt;restriction&gt;=&lt;value&gt;;...]</c>.
/// </summary>
public sealed class Rid
{
    public Rid()
    {
    }

    public Rid(string id, RidDirection direction)
    {
        Id = id;
        Direction = direction;
    }

    /// <summary>The RtpStreamId, e.g. "h", "m", "l" (letters, digits, '-' and '_').</summary>
    public string Id { get; set; } = "";

    public RidDirection Direction { get; set; }

    /// <summary>Restrictions in written order, e.g. "pt" → "96,97", "max-width" → "1280". Empty when none.</summary>
    public List<KeyValuePair<string, string>> Restrictions { get; } = [];

    /// <summary>The value of one restriction (ordinal), or null.</summary>
    public string? GetRestriction(string name)
    {
        foreach (var restriction in Restrictions)
        {
            if (string.Equals(restriction.Key, name, StringComparison.Ordinal))
            {
                return restriction.Value;
            }
        }

        return null;
    }

    /// <summary>The payload types named by a "pt=" restriction (already validated by the parser); empty when none.</summary>
    public IReadOnlyList<int> GetPayloadTypes()
    {
        var text = GetRestriction("pt");
        if (text is null)
        {
            return [];
        }

        var result = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pt))
            {
                result.Add(pt);
            }
        }

        return result;
    }

    /// <summary>The value after "a=rid:".</summary>
    public override string ToString()
    {
        var text = Id + " " + (Direction == RidDirection.Send ? "send" : "recv");
        if (Restrictions.Count == 0)
        {
            return text;
        }

        return text + " " + string.Join(';', Restrictions.Select(r => r.Value.Length == 0 ? r.Key : r.Key + "=" + r.Value));
    }
}
