using System.CommandLine;
using GyroEdge.Host.Bench;
using GyroEdge.Host.CommandLine;
using GyroEdge.Host.Demo;
using GyroEdge.Host.Doctor;
using GyroEdge.Host.Fleet;
using GyroEdge.Host.Recording;
using GyroEdge.Host.Service;

// `gyroedge <subcommand>`: the same program on the board (installed) and in a checkout (through
// ./gyroedge, which adds the development-only setup and test).
var root = new RootCommand(
    "GyroEdge: gyro-aided deblurring at the edge. Reads a gyro IMU and the camera's exposure strobe, "
    + "deblurs each frame with ONNX Runtime and publishes it over MQTT.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(FleetCommand.Create());
root.Subcommands.Add(ExportGyroBlurCommand.Create());
root.Subcommands.Add(GyroEdge.Host.Evaluation.EvalCommand.Create());
root.Subcommands.Add(CheckoutOnlyCommand.Create("setup", "Installing the dependencies"));
root.Subcommands.Add(CheckoutOnlyCommand.Create("test", "Running the test suites"));
root.Subcommands.Add(BenchCommand.Create(
    EngineBenchCommand.Create(), MotionBenchCommand.Create(), ImuBenchCommand.Create(), MqttBenchCommand.Create(), PipelineBenchCommand.Create()));

return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
