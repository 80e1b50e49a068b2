namespace Sfu.Core.Bwe;

/// <summary>
/// The packets recently sent to one subscriber, by transport-wide sequence number: a ring of entries indexed by the
/// extended sequence number, so feedback finds a packet in O(1). An entry is reported at most once.
/// </summary>
/// <remarks>
/// The ring is sized by time, not by a fixed count: it must hold the packets of the last <see cref="TargetSpanUs"/>
/// (longer than any feedback takes to come back) at the subscriber's packet rate. It starts at
/// <see cref="InitialCapacity"/> entries (16 bytes each) and <see cref="Maintain"/>, called on the owner's tick,
/// doubles it while it holds less than that span or feedback asked for a packet already overwritten, up to
/// <see cref="MaxCapacity"/>. <see cref="Add"/> and <see cref="TryReport"/> allocate nothing; only
/// <see cref="Maintain"/> does, when it grows the ring. A subscriber at 300 packets/s (a 720p video and audio) settles
/// at 1,024 entries, 16 KiB. Send times are kept as their low 32 bits (71 minutes of microseconds) and read back
/// relative to the newest packet's; an entry more than <see cref="MaxAgeUs"/> older than the newest is not reported.
/// </remarks>
public sealed class SentPacketHistory
{
    /// <summary>Entries of a new history (a power of two).</summary>
    public const int InitialCapacity = 256;

    /// <summary>The most entries the ring grows to (a power of two): 2 s at 8,192 packets/s.</summary>
    public const int MaxCapacity = 16384;

    /// <summary>How much send time the ring should hold, µs: feedback about older packets is not expected.</summary>
    public const long TargetSpanUs = 2_000_000;

    /// <summary>An entry sent this long before the newest one is stale: feedback about it is ignored.</summary>
    public const long MaxAgeUs = 60_000_000;

    private const ushort Empty = 0;
    private const ushort Sent = 1;
    private const ushort Reported = 2;

    private Entry[] _entries;
    private int _mask;
    private long _highest = -1;
    private long _newestSendUs;
    private long _recorded;
    private bool _overwrittenAsked;

    /// <summary>Creates an empty history of <see cref="InitialCapacity"/> entries.</summary>
    public SentPacketHistory()
        : this(InitialCapacity)
    {
    }

    /// <summary>Creates an empty history of <paramref name="capacity"/> entries (a power of two, at most <see cref="MaxCapacity"/>).</summary>
    public SentPacketHistory(int capacity)
    {
        if (capacity < 2 || capacity > MaxCapacity || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"A power of two from 2 to {MaxCapacity}.");
        }

        _entries = new Entry[capacity];
        _mask = capacity - 1;
    }

    /// <summary>The highest extended sequence number recorded; -1 before the first.</summary>
    public long Highest => _highest;

    /// <summary>Entries the ring holds now.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Times <see cref="Maintain"/> grew the ring.</summary>
    public int Growths { get; private set; }

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

    /// <summary>Records a sent packet; <paramref name="probeCluster"/> is 0 for media. Allocates nothing.</summary>
    public void Add(ushort sequenceNumber, int size, long sendUs, int probeCluster)
    {
        long extended = Extend(sequenceNumber);
        ref Entry entry = ref _entries[(int)(extended & _mask)];
        entry.Sequence = (uint)extended;
        entry.SendUsLow = (uint)sendUs;
        entry.Size = (ushort)Math.Clamp(size, 0, ushort.MaxValue);
        entry.ProbeCluster = probeCluster;
        entry.State = Sent;
        if (extended >= _highest)
        {
            _highest = extended;
            _newestSendUs = sendUs;
        }

        _recorded++;
    }

    /// <summary>
    /// Finds a packet not reported before and marks it reported. False for an unknown, overwritten or already
    /// reported number. Allocates nothing.
    /// </summary>
    public bool TryReport(long extended, out int size, out long sendUs, out int probeCluster)
    {
        if (extended >= 0)
        {
            ref Entry entry = ref _entries[(int)(extended & _mask)];
            uint ageUs = (uint)_newestSendUs - entry.SendUsLow;
            if (entry.State == Sent && entry.Sequence == (uint)extended && ageUs <= MaxAgeUs)
            {
                entry.State = Reported;
                size = entry.Size;
                sendUs = _newestSendUs - ageUs;
                probeCluster = entry.ProbeCluster;
                return true;
            }

            // Asked about a packet whose slot a newer one took: the ring is shorter than the feedback's delay.
            // Only packets that a ring twice as long would still hold count, so old or made-up numbers grow nothing.
            _overwrittenAsked |= entry.State != Empty && extended > _highest - (2L * _entries.Length) && IsOlderThanSlot(extended, entry.Sequence);
        }

        size = 0;
        sendUs = 0;
        probeCluster = 0;
        return false;
    }

    /// <summary>
    /// Grows the ring (doubling, up to <see cref="MaxCapacity"/>) when, once it is full, the oldest packet it holds was
    /// sent less than <see cref="TargetSpanUs"/> before the newest, or when feedback asked about a packet already
    /// overwritten. Called on the owner's tick, never per packet: growing allocates the new ring. Returns true when it
    /// grew.
    /// </summary>
    public bool Maintain()
    {
        bool overwrittenAsked = _overwrittenAsked;
        _overwrittenAsked = false;
        int capacity = _entries.Length;
        if (capacity >= MaxCapacity || _recorded < capacity)
        {
            return false;
        }

        ref Entry oldest = ref _entries[(int)((_highest + 1) & _mask)];
        bool tooShort = oldest.State != Empty && (uint)_newestSendUs - oldest.SendUsLow < TargetSpanUs;
        if (!tooShort && !overwrittenAsked)
        {
            return false;
        }

        Grow(capacity * 2);
        return true;
    }

    private void Grow(int capacity)
    {
        var entries = new Entry[capacity];
        int mask = capacity - 1;
        long first = Math.Max(0, _highest - _entries.Length + 1);
        for (long extended = first; extended <= _highest; extended++)
        {
            Entry entry = _entries[(int)(extended & _mask)];
            if (entry.State != Empty && entry.Sequence == (uint)extended)
            {
                entries[(int)(extended & mask)] = entry;
            }
        }

        _entries = entries;
        _mask = mask;
        Growths++;
    }

    /// <summary>True when <paramref name="extended"/> is older than the packet now in its slot (32-bit compare).</summary>
    private static bool IsOlderThanSlot(long extended, uint slotSequence) => (int)(slotSequence - (uint)extended) > 0;

    /// <summary>One sent packet: 16 bytes.</summary>
    private struct Entry
    {
        public uint SendUsLow;     // the low 32 bits of the send time, µs
        public uint Sequence;      // the low 32 bits of the extended sequence number
        public int ProbeCluster;
        public ushort Size;
        public ushort State;
    }
}
