using GyroEdge.Domain.Gyro;
using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.Tests.Models;
using static GyroEdge.Inference.Tests.Engine.EngineFixtures;

namespace GyroEdge.Inference.Tests.Engine;

public sealed class EngineOverheadBenchmark_Tests : IDisposable
{
    private readonly ProbePackages packages = new();

    public void Dispose() => packages.Dispose();

    [Theory]
    [InlineData(0.5, 5.0)]   // nearest rank: ceil(0.5 * 10) = 5th smallest
    [InlineData(0.99, 10.0)] // ceil(9.9) = 10th
    [InlineData(0.1, 1.0)]
    public void Percentiles_Are_Nearest_Rank(double fraction, double expected)
    {
        double[] values = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];

        Assert.Equal(expected, EngineOverheadBenchmark.Percentile(values, fraction));
    }

    [Fact]
    public void The_Report_Describes_What_Was_Measured_And_Relates_The_Medians()
    {
        using var engine = DeblurEngine.Create(Options(packages.Scratch), ModelPackage.Load(ProbePackages.GyroModel));
        var frame = new byte[Width * Height * 2];
        var output = new byte[Width * Height * 3];

        var report = EngineOverheadBenchmark.Measure(
            engine, new FrameView(frame, Width, Height, PixelFormat.Yuyv), Still(5, Width, Height), GyroQuality.Good, output, PixelFormat.Rgb24,
            warmupIterations: 1, iterations: 4);

        Assert.Equal(("contract_probe_gyro", ModelKind.Gyro, "CPU", 1, 4), (report.ModelName, report.ModelKind, report.Provider, report.IntraOpThreads, report.Iterations));
        Assert.Equal((96, 64, PixelFormat.Yuyv, PixelFormat.Rgb24), (report.FrameWidth, report.FrameHeight, report.InputFormat, report.OutputFormat));
        Assert.Equal(report.EngineFrameMsMedian / report.OrtRunMsMedian, report.OverheadRatio, 12);
        Assert.True(report.OrtRunMsP99 >= report.OrtRunMsMedian);
        Assert.True(report.EngineFrameMsP99 >= report.EngineFrameMsMedian);
        Assert.Equal(engine.ProviderFallbacks, report.ProviderFallbacks);
    }
}
