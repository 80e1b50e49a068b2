namespace Sfu.Server.Metrics;

/// <summary>
/// A counter's or gauge's value. An instrument of an integer type only touches the integer part and one
/// of a floating-point type only the floating part, so reading both gives a consistent value without a lock.
/// </summary>
internal sealed class ScalarSeries : Series
{
    private long _integral;
    private double _floating;

    public ScalarSeries(string labels) : base(labels)
    {
    }

    public long IntegralValue => Volatile.Read(ref _integral);

    public double FloatingValue => Volatile.Read(ref _floating);

    public void Add(long delta) => Interlocked.Add(ref _integral, delta);

    public void Add(double delta)
    {
        double current = Volatile.Read(ref _floating);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref _floating, current + delta, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(long value) => Interlocked.Exchange(ref _integral, value);

    public void Set(double value) => Interlocked.Exchange(ref _floating, value);
}
