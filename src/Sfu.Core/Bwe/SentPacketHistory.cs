namespace Sfu.Core.Bwe;

/// <summary>
/// The packets recently sent to one subscriber, by transport-wide sequence number: a preallocated ring of
/// <see cref="Capacity"/> entries indexed by the extended sequence number, so feedback finds a packet in O(1) and
/// nothing is allocated. An entry is reported at most once.
/// </summary>
public sealed class SentPacketHistory
{
    /// <summary>Packets remembered (a power of two; 4 s at 2,000 packets/s).</summary>
    public const int Capacity = 8192;

    private const int Mask = Capacity - 1;

    private readonly long[] _sequence = new long[Capacity];
    private readonly long[] _sendUs = new long[Capacity];
    private readonly int[] _size = new int[Capacity];
    private readonly int[] _probeCluster = new int[Capacity];
    private readonly bool[] _reported = new bool[Capacity];
    private long _highest = -1;

    /// <summary>Creates an empty history.</summary>
    public SentPacketHistory()
    {
        Array.Fill(_sequence, -1);
    }

    /// <summary>The highest extended sequence number recorded; -1 before the first.</summary>
    public long Highest => _highest;

    /// <summary>Extends a 16-bit sequence number to the one nearest to the highest recorded.</summary>
    public long Extend(ushort sequenceNumber)
    {
        if (_highest < 0)
        {
            return sequenceNumber;
        }

        long extended = _highest + (short)(ushort)(sequenceNumber - (ushort)_highest);
        return extended < 0 ? extended + 0x10000 : extended;
    }

    /// <summary>Records a sent packet; <paramref name="probeCluster"/> is 0 for media.</summary>
    public void Add(ushort sequenceNumber, int size, long sendUs, int probeCluster)
    {
        long extended = Extend(sequenceNumber);
        int slot = (int)(extended & Mask);
        _sequence[slot] = extended;
        _sendUs[slot] = sendUs;
        _size[slot] = size;
        _probeCluster[slot] = probeCluster;
        _reported[slot] = false;
        _highest = Math.Max(_highest, extended);
    }

    /// <summary>
    /// Finds a packet not reported before and marks it reported. False for an unknown, overwritten or already
    /// reported number.
    /// </summary>
    public bool TryReport(long extended, out int size, out long sendUs, out int probeCluster)
    {
        int slot = (int)(extended & Mask);
        if (extended < 0 || _sequence[slot] != extended || _reported[slot])
        {
            size = 0;
            sendUs = 0;
            probeCluster = 0;
            return false;
        }

        _reported[slot] = true;
        size = _size[slot];
        sendUs = _sendUs[slot];
        probeCluster = _probeCluster[slot];
        return true;
    }
}
