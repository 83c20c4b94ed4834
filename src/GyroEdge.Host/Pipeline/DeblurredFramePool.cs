using System.Diagnostics.CodeAnalysis;

namespace GyroEdge.Host.Pipeline;

/// <summary>Output frames made once at start: as many as can wait between the engine and the outbox, plus the ones at work.</summary>
public sealed class DeblurredFramePool
{
    private readonly Lock _gate = new();
    private readonly DeblurredFrame[] _free;
    private int _freeCount;

    public DeblurredFramePool(int count, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _free = new DeblurredFrame[count];
        for (var i = 0; i < count; i++)
            _free[i] = new DeblurredFrame(this, width, height);
        _freeCount = count;
    }

    public bool TryRent([NotNullWhen(true)] out DeblurredFrame? frame)
    {
        lock (_gate)
        {
            if (_freeCount == 0)
            {
                frame = null;
                return false;
            }
            frame = _free[--_freeCount];
            _free[_freeCount] = null!;
            return true;
        }
    }

    internal void Return(DeblurredFrame frame)
    {
        lock (_gate)
            _free[_freeCount++] = frame;
    }
}
