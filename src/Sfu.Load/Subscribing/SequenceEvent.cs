namespace Sfu.Load.Subscribing;

/// <summary>What one sequence number was to the stream's continuity.</summary>
public enum SequenceEvent
{
    /// <summary>The first packet of the stream.</summary>
    First,

    /// <summary>The next number after the highest seen.</summary>
    InOrder,

    /// <summary>Ahead of the next number: the numbers in between are missing (lost, unless they come later).</summary>
    Gap,

    /// <summary>Behind the highest, filling a gap: it arrived out of order (and is no longer lost).</summary>
    Reordered,

    /// <summary>A number already received.</summary>
    Duplicate,

    /// <summary>So far behind the highest that it is outside the window: counted late, loss unchanged.</summary>
    TooOld,
}
