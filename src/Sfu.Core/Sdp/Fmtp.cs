namespace Sfu.Core.Sdp;

/// <summary>
/// a=fmtp (RFC 8866 6.15): <c>a=fmtp:&lt;payload type&gt; &lt;format specific parameters&gt;</c>. The parameters are kept as
/// text; most codecs use "key=value;key=value" which <see cref="GetParameterMap"/> parses.
/// </summary>
public sealed class Fmtp
{
    public Fmtp()
    {
    }

    public Fmtp(int payloadType, string parameters)
    {
        PayloadType = payloadType;
        Parameters = parameters;
    }

    public int PayloadType { get; set; }

    /// <summary>The parameter text as written, e.g. "minptime=10;useinbandfec=1" or "0-15".</summary>
    public string Parameters { get; set; } = "";

    /// <summary>
    /// Parses <see cref="Parameters"/> as ';'-separated key=value pairs (keys compared ignoring case, surrounding
    /// spaces trimmed). An entry without '=' maps to an empty value; the first occurrence of a key wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> GetParameterMap() => ParseParameterMap(Parameters);

    /// <summary>The value of one key=value parameter, or null.</summary>
    public string? GetParameter(string key) => GetParameterMap().TryGetValue(key, out var value) ? value : null;

    /// <summary>Parses "key=value;key=value" text (see <see cref="GetParameterMap"/>).</summary>
    public static Dictionary<string, string> ParseParameterMap(string? parameters)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(parameters))
        {
            return map;
        }

        foreach (var part in parameters.Split(';'))
        {
            var entry = part.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? entry : entry[..equals].Trim();
            var value = equals < 0 ? "" : entry[(equals + 1)..].Trim();
            map.TryAdd(key, value);
        }

        return map;
    }

    /// <summary>Formats a parameter map back to "key=value;key=value" text (keys with empty values written bare).</summary>
    public static string FormatParameterMap(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join(';', parameters.Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value));

    public override string ToString() => PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Parameters;
}
