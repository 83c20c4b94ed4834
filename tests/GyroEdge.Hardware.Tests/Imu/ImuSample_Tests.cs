using GyroEdge.Domain.Calibration;
using GyroEdge.Domain.Gyro;
using GyroEdge.Hardware.Imu;

namespace GyroEdge.Hardware.Tests.Imu;

/// <summary>The driver's sample into the domain's gyro stream: the one mapping the daemon uses.</summary>
public sealed class ImuSample_Tests
{
    private const long Ms = 1_000_000;
    private const long T0 = 5_000 * Ms;

    [Fact]
    public void Keeps_Time_And_Rates_And_Turns_Saturation_And_Gaps_Into_Faults()
    {
        var sample = new ImuSample(T0, 0.25f, -1.5f, 3.125f, ImuSampleFlags.Saturated | ImuSampleFlags.AfterGap);

        Assert.Equal(new GyroSample(T0, 0.25, -1.5, 3.125, GyroSampleFaults.Saturated | GyroSampleFaults.DropoutBefore), sample.ToGyroSample());
    }

    [Theory]
    [InlineData(ImuSampleFlags.FsyncTagged)]
    [InlineData(ImuSampleFlags.AfterFault)]
    [InlineData(ImuSampleFlags.None)]
    public void Fsync_Tags_And_Retried_Reads_Are_No_Fault_Of_The_Motion(ImuSampleFlags flags)
    {
        var sample = new ImuSample(T0, 0.1f, 0.2f, 0.3f, flags, FsyncDelayNs: 1_200);

        Assert.Equal(GyroSampleFaults.None, sample.ToGyroSample().Faults);
        Assert.Equal((double)0.2f, sample.ToGyroSample().Wy);
    }

    [Theory]
    [InlineData(ImuSampleFlags.Invalid)]
    [InlineData(ImuSampleFlags.Stuck)]
    public void Invalid_Or_Stuck_Samples_Are_Refused_By_The_Stream_And_Mark_The_Next_As_A_Dropout(ImuSampleFlags flags)
    {
        var stream = new GyroStream(new GyroStreamOptions { NominalRateHz = 1000, TrackBias = false }, ImuCalibration.Identity);

        stream.Append(new ImuSample(T0, 0.1f, 0.2f, 0.3f, ImuSampleFlags.None).ToGyroSample());
        stream.Append(new ImuSample(T0 + Ms, 0.1f, 0.2f, 0.3f, flags).ToGyroSample());
        stream.Append(new ImuSample(T0 + (2 * Ms), 0.1f, 0.2f, 0.3f, ImuSampleFlags.None).ToGyroSample());

        var copied = new GyroSample[4];
        Assert.Equal(GyroCoverage.Covered, stream.TryCopyWindow(T0, T0 + (2 * Ms), copied, out var count));
        Assert.Equal(1, stream.RefusedSamples);
        Assert.Equal([T0, T0 + (2 * Ms)], copied[..count].Select(s => s.TimestampNs));
        Assert.Equal(GyroSampleFaults.DropoutBefore, copied[1].Faults & GyroSampleFaults.DropoutBefore);
    }
}
