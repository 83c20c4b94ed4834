using GyroEdge.Domain.Geometry;
using GyroEdge.Hardware.Imu.Emulation;
using GyroEdge.TestSupport;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>Replaying the shared smartphone gyro log, read where it lies beside the checkout.</summary>
public sealed class RecordedGyroTrace_Tests : IDisposable
{
    private static readonly string SharedLog = Path.Combine(Repository.SharedData, RecordedGyroTrace.SharedLogRelativePath);
    private readonly string _folder = Directory.CreateTempSubdirectory("gyroedge-trace-").FullName;

    [Fact]
    public void Loads_The_Shared_Smartphone_Log_With_Its_First_Sample_At_The_Origin()
    {
        var trace = RecordedGyroTrace.Load(SharedLog, originNs: 5_000);

        // First and last lines of the file: 250285705039633 0.28435755 -0.18906265 0.13545926 ... 250472105721468.
        Assert.Equal(File.ReadLines(SharedLog).Count(l => l.Trim().Length > 0), trace.SampleCount);
        Assert.Equal(250472105721468 - 250285705039633, trace.DurationNs);
        Assert.Equal(new AngularVelocity(0.28435755, -0.18906265, 0.13545926), trace.At(5_000));
        Assert.Equal(RecordedGyroTrace.FindSharedLog(), Path.GetFullPath(SharedLog));
    }

    [Fact]
    public void Interpolates_Between_Samples_And_Loops_Past_The_End()
    {
        var path = Write("100 1.0 2.0 -4.0\n300 3.0 2.0 0.0\n500 3.0 0.0 0.0\n");
        var trace = RecordedGyroTrace.Load(path);

        Assert.Equal(new AngularVelocity(2.0, 2.0, -2.0), trace.At(100));       // halfway between the first two
        Assert.Equal(new AngularVelocity(3.0, 1.0, 0.0), trace.At(300));        // halfway between the last two
        Assert.Equal(new AngularVelocity(2.0, 2.0, -2.0), trace.At(100 + 400)); // one loop (400 ns) later
        Assert.Equal(new AngularVelocity(2.0, 2.0, -2.0), trace.At(100 - 400)); // and one earlier
    }

    [Fact]
    public void Names_The_Line_Of_A_Malformed_Entry()
    {
        var path = Write("100 1 2 3\n200 1 two 3\n");

        var e = Assert.Throws<InvalidDataException>(() => RecordedGyroTrace.Load(path));

        Assert.Equal($"{path} line 2: expected 'timestamp_ns wx wy wz' (an integer and three numbers in rad/s), found '200 1 two 3'.", e.Message);
    }

    [Fact]
    public void Refuses_Time_Going_Backwards()
    {
        var path = Write("200 1 2 3\n100 1 2 3\n");

        var e = Assert.Throws<InvalidDataException>(() => RecordedGyroTrace.Load(path));

        Assert.Contains("line 2: timestamp 100 does not increase (previous 200)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explains_A_Missing_Log()
    {
        var path = Path.Combine(_folder, "absent.txt");

        var e = Assert.Throws<FileNotFoundException>(() => RecordedGyroTrace.Load(path));

        Assert.StartsWith($"Gyro log {path} not found. Expected a text file of 'timestamp_ns wx wy wz' lines", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }
}
