using System.CommandLine;
using GyroEdge.Host.CommandLine;

namespace GyroEdge.Host.Bench;

/// <summary>
/// `gyroedge bench imu`: the real IMU driver reading an emulated chip that runs in real time (its
/// clock is CLOCK_MONOTONIC, samples appear as time passes), to count what a reader thread keeps
/// up with: expected, received and lost samples, the I2C bus load the traffic would put on a
/// 400 kHz bus, CPU, and how far reconstructed timestamps are from the instants the chip sampled.
/// </summary>
public static class ImuBenchCommand
{
    public static Command Create()
    {
        var chip = new Option<string>("--chip") { Description = "Which chip to emulate and drive.", DefaultValueFactory = _ => "icm42688" };
        chip.AcceptOnlyFromAmong("icm42688", "mpu6050", "mpu6500", "mpu9250");
        var odr = new Option<double>("--odr") { Description = "Output data rate, samples per second (ICM-42688-P: 12.5 to 32000; MPU: 8000/(1+n) or 1000/(1+n)).", DefaultValueFactory = _ => 1000 };
        var seconds = new Option<double>("--seconds") { Description = "How long to stream.", DefaultValueFactory = _ => 10 };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the figures to this JSON file." };
        var trace = new Option<FileInfo?>("--trace") { Description = "A gyro log ('timestamp_ns wx wy wz' lines) to replay; default: ../shared/data/gyro/smartphone_gyro_train.txt beside the checkout, else a 5 Hz sinusoid." };
        var interrupt = new Option<bool>("--interrupt") { Description = "Wire the chip's INT pin to the driver (watermark on the ICM, data ready on the MPU) instead of polling." };
        var batch = new Option<double>("--batch-ms") { Description = "How long samples may wait in the FIFO before the reader collects them.", DefaultValueFactory = _ => 5 };
        var drift = new Option<double>("--clock-error-ppm") { Description = "How fast the emulated chip's oscillator runs against CLOCK_MONOTONIC, ppm.", DefaultValueFactory = _ => 0 };
        var command = new Command("imu", "Stream from an emulated IMU in real time through the real driver; count lost samples, bus load, CPU and timestamp error.")
        {
            chip, odr, seconds, json, trace, interrupt, batch, drift,
        };
        command.SetAction((parse, cancel) => UserFacingErrors.RunAsync("bench imu", async () =>
        {
            var settings = new ImuBenchSettings(
                parse.GetRequiredValue(chip),
                parse.GetValue(odr),
                parse.GetValue(seconds),
                parse.GetValue(trace)?.FullName,
                parse.GetValue(interrupt),
                parse.GetValue(batch),
                parse.GetValue(drift));
            var report = await Task.Run(() => ImuBenchRun.Execute(settings, cancel), cancel).ConfigureAwait(false);
            Console.WriteLine(report.Describe());
            if (parse.GetValue(json) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, report.ToJson(), cancel).ConfigureAwait(false);
                Console.WriteLine($"Wrote {file.FullName}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
