namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>What a chip FIFO does with a record that does not fit.</summary>
internal enum FifoOverflowPolicy
{
    /// <summary>Drop whole oldest records until it fits (records stay aligned).</summary>
    DropOldestRecords,

    /// <summary>Overwrite the oldest bytes (MPU-6050: the head can end up mid-record).</summary>
    OverwriteOldestBytes,

    /// <summary>Keep the old data, drop the new record (stop-on-full modes).</summary>
    DropNewest,
}

/// <summary>
/// A chip FIFO as a byte ring of its real capacity, with each record's ground truth kept beside
/// its bytes so the emulator knows which samples reached the host whole and which were lost.
/// Positions are absolute byte counts, so wrap-around and overwrites are plain arithmetic.
/// </summary>
internal sealed class EmulatedFifo
{
    private readonly byte[] _bytes;
    private readonly Record[] _records;
    private long _read;
    private long _written;
    private long _discardedUpTo;
    private int _recordHead;
    private int _recordCount;

    public EmulatedFifo(int capacity, int smallestRecord)
    {
        _bytes = new byte[capacity];
        _records = new Record[capacity / smallestRecord + 2];
    }

    public int Capacity => _bytes.Length;

    public int Count => (int)(_written - _read);

    /// <summary>Records lost to overflow (dropped whole, overwritten in part, or refused).</summary>
    public long OverflowedRecords { get; private set; }

    /// <summary>Appends one record; false when the policy refused it. <paramref name="overflowed"/> says data was lost.</summary>
    public bool Write(ReadOnlySpan<byte> record, in ProducedSample truth, FifoOverflowPolicy policy, out bool overflowed)
    {
        overflowed = false;
        var free = Capacity - Count;
        if (record.Length > free)
        {
            overflowed = true;
            switch (policy)
            {
                case FifoOverflowPolicy.DropNewest:
                    OverflowedRecords++;
                    return false;
                case FifoOverflowPolicy.DropOldestRecords:
                    while (Capacity - Count < record.Length && _recordCount > 0)
                        OverflowedRecords += Discard((int)(End(_records[_recordHead]) - _read));
                    break;
                default:
                    OverflowedRecords += Discard(record.Length - free);
                    break;
            }
        }
        foreach (var b in record)
            _bytes[_written++ % Capacity] = b;
        if (_recordCount == _records.Length)
            DropRecord();
        _records[(_recordHead + _recordCount) % _records.Length] = new Record(_written - record.Length, record.Length, truth);
        _recordCount++;
        return true;
    }

    /// <summary>Takes the oldest byte; <paramref name="completed"/> is the record whose last byte it was, if that record arrived whole.</summary>
    public byte Pop(out ProducedSample? completed)
    {
        completed = null;
        if (Count == 0)
            return 0xFF;
        var value = _bytes[_read++ % Capacity];
        while (_recordCount > 0 && End(_records[_recordHead]) <= _read)
        {
            var record = _records[_recordHead];
            DropRecord();
            if (record.Start >= _discardedUpTo)
                completed = record.Truth;
        }
        return value;
    }

    /// <summary>Bytes of the oldest record already popped (a partial read), 0 when the head is on a record boundary.</summary>
    public int PartialRecordBytes =>
        _recordCount > 0 && _records[_recordHead].Start < _read ? (int)(_read - _records[_recordHead].Start) : 0;

    /// <summary>Puts back the last <paramref name="bytes"/> popped (no write happened since): the chip re-reads a partial packet.</summary>
    public void Unpop(int bytes) => _read -= bytes;

    /// <summary>Empties the FIFO (flush, reset); returns how many records were thrown away.</summary>
    public int Clear()
    {
        return Discard(Count);
    }

    /// <summary>Drops the oldest bytes unread; returns the records that lost bytes (they can never arrive whole).</summary>
    private int Discard(int bytes)
    {
        _read += bytes;
        _discardedUpTo = _read;
        var lost = 0;
        while (_recordCount > 0 && _records[_recordHead].Start < _discardedUpTo)
        {
            lost++;
            DropRecord();
        }
        return lost;
    }

    private void DropRecord()
    {
        _recordHead = (_recordHead + 1) % _records.Length;
        _recordCount--;
    }

    private static long End(in Record record) => record.Start + record.Length;

    private readonly record struct Record(long Start, int Length, ProducedSample Truth);
}
