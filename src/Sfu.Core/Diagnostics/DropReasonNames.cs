namespace Sfu.Core.Diagnostics;

/// <summary>Stable snake_case names of <see cref="DropReason"/> values for metric labels and logs.</summary>
public static class DropReasonNames
{
    private static readonly string[] Names = MetricLabel.NamesOf<DropReason>();

    public static string Name(this DropReason reason)
    {
        int i = (int)reason;
        return (uint)i < (uint)Names.Length ? Names[i] : "other";
    }
}
