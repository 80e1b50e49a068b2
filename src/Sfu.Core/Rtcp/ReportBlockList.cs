namespace Sfu.Core.Rtcp;

/// <summary>The report blocks of an SR or RR: a view over the packet, indexed or enumerated without allocating.</summary>
public readonly ref struct ReportBlockList
{
    private readonly ReadOnlySpan<byte> _blocks;

    internal ReportBlockList(ReadOnlySpan<byte> blocks) => _blocks = blocks;

    /// <summary>Number of report blocks.</summary>
    public int Count => _blocks.Length / ReportBlock.Length;

    /// <summary>The report block at <paramref name="index"/>.</summary>
    public ReportBlock this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return ReportBlock.Read(_blocks.Slice(index * ReportBlock.Length, ReportBlock.Length));
        }
    }

    /// <summary>Enumerates the blocks.</summary>
    public Enumerator GetEnumerator() => new(_blocks);

    /// <summary>Enumerator over report blocks.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _blocks;
        private int _offset;

        internal Enumerator(ReadOnlySpan<byte> blocks)
        {
            _blocks = blocks;
            _offset = -ReportBlock.Length;
        }

        /// <summary>The current block.</summary>
        public readonly ReportBlock Current => ReportBlock.Read(_blocks.Slice(_offset, ReportBlock.Length));

        /// <summary>Advances to the next block.</summary>
        public bool MoveNext()
        {
            int next = _offset + ReportBlock.Length;
            if (next + ReportBlock.Length > _blocks.Length)
            {
                return false;
            }

            _offset = next;
            return true;
        }
    }
}
