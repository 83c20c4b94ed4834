namespace GyroEdge.Hardware.Exposure;

/// <summary>A first-in first-out queue of fixed capacity over one array: no allocation after construction.</summary>
internal sealed class BoundedRing<T>
    where T : struct
{
    private readonly T[] _items;
    private int _head;

    public BoundedRing(int capacity) => _items = new T[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    public ref readonly T Peek() => ref _items[_head];

    public void Enqueue(in T item)
    {
        if (IsFull)
            throw new InvalidOperationException("The ring is full; dequeue first.");
        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public T Dequeue()
    {
        if (Count == 0)
            throw new InvalidOperationException("The ring is empty.");
        var item = _items[_head];
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }
}
