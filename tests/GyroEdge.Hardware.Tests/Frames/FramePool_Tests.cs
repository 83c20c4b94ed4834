using GyroEdge.Hardware.Frames;

namespace GyroEdge.Hardware.Tests.Frames;

public sealed class FramePool_Tests
{
    [Fact]
    public void Renting_Every_Buffer_Leaves_None_Until_One_Comes_Back()
    {
        var pool = new FramePool(2, 100);

        Assert.True(pool.TryRent(out var first));
        Assert.True(pool.TryRent(out var second));
        Assert.False(pool.TryRent(out _));
        first.Dispose();

        Assert.True(pool.TryRent(out var again));
        Assert.Same(first, again);
        Assert.Equal(0, pool.Available);
        second.Dispose();
        again.Dispose();
        Assert.Equal(2, pool.Available);
    }

    [Fact]
    public void Disposing_A_Frame_Twice_Throws_Because_Its_Buffer_May_Hold_Another_Frame()
    {
        var pool = new FramePool(1, 10);
        pool.TryRent(out var frame);
        frame!.Dispose();

        var error = Assert.Throws<InvalidOperationException>(frame.Dispose);

        Assert.Contains("disposed twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, pool.Available);
    }

    [Fact]
    public void A_Rented_Buffer_Starts_Empty()
    {
        var pool = new FramePool(1, 10);
        pool.TryRent(out var frame);
        frame!.Length = 10;
        frame.IsCorrupt = true;
        frame.Dispose();

        pool.TryRent(out frame);

        Assert.Equal((0, false, (GyroEdge.Domain.Camera.ExposureWindow?)null), (frame!.Length, frame.IsCorrupt, frame.Exposure));
    }
}
