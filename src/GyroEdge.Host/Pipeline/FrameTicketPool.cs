using System.Diagnostics.CodeAnalysis;
using GyroEdge.Domain.Camera;

namespace GyroEdge.Host.Pipeline;

/// <summary>
/// A fixed set of <see cref="FrameTicket"/>s made at start, one per camera buffer, so a frame's
/// rotations and bookkeeping never cost an allocation. Thread-safe.
/// </summary>
public sealed class FrameTicketPool
{
    private readonly Lock _gate = new();
    private readonly FrameTicket[] _free;
    private int _freeCount;

    public FrameTicketPool(int count, int rotationCount, CameraIntrinsics intrinsics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rotationCount, 1);
        _free = new FrameTicket[count];
        for (var i = 0; i < count; i++)
            _free[i] = new FrameTicket(this, rotationCount, intrinsics);
        _freeCount = count;
        Count = count;
    }

    public int Count { get; }

    public int Available
    {
        get
        {
            lock (_gate)
                return _freeCount;
        }
    }

    public bool TryRent([NotNullWhen(true)] out FrameTicket? ticket)
    {
        lock (_gate)
        {
            if (_freeCount == 0)
            {
                ticket = null;
                return false;
            }
            ticket = _free[--_freeCount];
            _free[_freeCount] = null!;
            return true;
        }
    }

    internal void Return(FrameTicket ticket)
    {
        lock (_gate)
            _free[_freeCount++] = ticket;
    }
}
