namespace Sfu.Core.Diagnostics;

/// <summary>Stable snake_case names of <see cref="DropReason"/> values for metric labels and logs.</summary>
public static class DropReasonNames
{
    private static readonly string[] Names = BuildNames();

    public static string Name(this DropReason reason)
    {
        int i = (int)reason;
        return (uint)i < (uint)Names.Length ? Names[i] : "other";
    }

    private static string[] BuildNames()
    {
        var values = Enum.GetValues<DropReason>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[(int)value] = ToSnakeCase(value.ToString());
        }

        return names;
    }

    private static string ToSnakeCase(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 8);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
