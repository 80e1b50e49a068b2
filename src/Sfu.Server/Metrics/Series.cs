namespace Sfu.Server.Metrics;

/// <summary>One series of a family: the values of one distinct tag set.</summary>
internal abstract class Series
{
    private long _observedGeneration;

    protected Series(string labels) => Labels = labels;

    /// <summary>The rendered labels, <c>name="value",...</c> (empty for none).</summary>
    public string Labels { get; }

    /// <summary>The scrape in which an observable instrument last reported this series.</summary>
    public long ObservedGeneration
    {
        get => Volatile.Read(ref _observedGeneration);
        set => Volatile.Write(ref _observedGeneration, value);
    }
}
