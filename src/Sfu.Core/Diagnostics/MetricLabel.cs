namespace Sfu.Core.Diagnostics;

/// <summary>Stable snake_case metric label values of enum members (<c>SocketBufferFull</c> becomes <c>socket_buffer_full</c>).</summary>
internal static class MetricLabel
{
    /// <summary>Every value of <typeparamref name="T"/> (whose values are 0..n-1), indexed by value.</summary>
    public static string[] NamesOf<T>()
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = ToSnakeCase(value.ToString());
        }

        return names;
    }

    public static string ToSnakeCase(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsAsciiLetterUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
