namespace Sfu.Core.Diagnostics;

/// <summary>Stable snake_case names of <see cref="SendFailure"/> values for metric labels and logs.</summary>
public static class SendFailureNames
{
    private static readonly string[] Names = MetricLabel.NamesOf<SendFailure>();

    public static string Name(this SendFailure reason)
    {
        int i = (int)reason;
        return (uint)i < (uint)Names.Length ? Names[i] : "other";
    }
}
