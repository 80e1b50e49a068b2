namespace Sfu.Core.Sctp;

/// <summary>
/// A growable circular queue with indexed access from the front: the send queue and the in-flight window of an
/// association. It grows (doubling) only when its high-water mark rises, which the send buffer bounds.
/// </summary>
internal sealed class SctpChunkRing<T>
    where T : class
{
    private T?[] _items;
    private int _head;

    public SctpChunkRing(int capacity = 64) => _items = new T?[capacity];

    public int Count { get; private set; }

    public T this[int index] => _items[(_head + index) & (_items.Length - 1)]!;

    public T Front => _items[_head]!;

    public void PushBack(T item)
    {
        if (Count == _items.Length)
        {
            var grown = new T?[_items.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                grown[i] = this[i];
            }

            _items = grown;
            _head = 0;
        }

        _items[(_head + Count) & (_items.Length - 1)] = item;
        Count++;
    }

    public T PopFront()
    {
        var item = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return item;
    }
}
