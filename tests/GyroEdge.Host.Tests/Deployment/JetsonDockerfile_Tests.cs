using System.Globalization;
using System.Text.RegularExpressions;
using GyroEdge.Host.Bench;
using GyroEdge.Host.Health;
using GyroEdge.Inference.OnnxRuntime;

namespace GyroEdge.Host.Tests.Deployment;

/// <summary>
/// Dockerfile.jetson cannot be built here (no arm64 Docker, no NGC), so these hold it to the
/// facts the rest of the repository fixes: versions, paths, ports, devices, package names.
/// </summary>
public sealed partial class JetsonDockerfile_Tests
{
    private static readonly string Text = File.ReadAllText(DeploymentFiles.JetsonDockerfile);

    /// <summary>Instructions with continuations joined, comments dropped, split into build stages at FROM.</summary>
    private static readonly List<List<string>> Stages = ReadStages(Text);

    private static List<string> RuntimeStage => Stages[^1];

    [Fact]
    public void Pins_The_Onnx_Runtime_Version_The_Host_Tests_Run_And_The_Model_Contract_Allows()
    {
        var docker = Version.Parse(Arg("ORT_VERSION"));
        var script = Version.Parse(OrtVersionInScript().Match(File.ReadAllText(DeploymentFiles.EntryScript)).Groups[1].Value);

        Assert.Equal(script, docker);
        Assert.True(docker >= new Version(1, 22), $"ORT {docker} is older than the model contract's minimum 1.22 (DESIGN.md).");
    }

    [Fact]
    public void Builds_Onnx_Runtime_With_TensorRT_And_Cuda_As_Shared_Libraries()
    {
        var build = Stages.SelectMany(s => s).Single(i => i.Contains("./build.sh", StringComparison.Ordinal));

        foreach (var flag in new[] { "--use_tensorrt", "--use_cuda", "--build_shared_lib", "--config Release" })
            Assert.Contains(flag, build, StringComparison.Ordinal);
    }

    [Fact]
    public void Publishes_The_Daemon_For_Linux_Arm64()
    {
        var publish = Stages.SelectMany(s => s).Single(i => i.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.Contains("src/GyroEdge.Host/GyroEdge.Host.csproj", publish, StringComparison.Ordinal);
        Assert.Contains("-r linux-arm64", publish, StringComparison.Ordinal);
        Assert.Contains("-o /opt/gyroedge", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void Points_The_Daemon_At_The_Onnx_Runtime_The_Build_Stage_Copies()
    {
        var env = RuntimeStage.Single(i => i.StartsWith("ENV ", StringComparison.Ordinal));
        var library = Regex.Match(env, Regex.Escape(OnnxRuntimeLibrary.PathVariable) + @"=(\S+)").Groups[1].Value;

        Assert.Equal("/opt/onnxruntime/lib/libonnxruntime.so.1", library);
        Assert.Contains("COPY --from=onnxruntime /opt/onnxruntime/lib /opt/onnxruntime/lib", RuntimeStage);
        Assert.Contains(OnnxRuntimeLibrary.PathVariable + "=" + library,
            SystemdUnitFile.Load(DeploymentFiles.ServiceUnit).All("Service", "Environment"));
    }

    [Fact]
    public void Installs_The_Ubuntu_Names_Of_The_Native_Libraries()
    {
        var install = RuntimeStage.Single(i => i.Contains("apt-get install", StringComparison.Ordinal));
        var packages = install.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains("libmosquitto1", packages);
        Assert.Contains("libturbojpeg", packages); // JetPack 6 is Ubuntu 22.04: libturbojpeg0 is Debian's name
        Assert.DoesNotContain("libturbojpeg0", packages);
    }

    [Fact]
    public void Runs_As_A_Non_Root_User_With_The_Board_Command_Line()
    {
        var user = RuntimeStage.Last(i => i.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();

        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains("ENTRYPOINT [\"/opt/gyroedge/gyroedge\"]", RuntimeStage);
        Assert.Contains("CMD [\"run\", \"--config\", \"/etc/gyroedge/gyroedge.json\"]", RuntimeStage);
    }

    [Fact]
    public void Health_Check_Asks_The_Endpoint_On_Its_Default_Port()
    {
        var check = RuntimeStage.Single(i => i.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var defaults = new HealthEndpointOptions();

        Assert.Contains($"/dev/tcp/{defaults.Address}/{defaults.Port.ToString(CultureInfo.InvariantCulture)}", check, StringComparison.Ordinal);
        Assert.Contains("GET /healthz", check, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Line_Passes_The_Gpu_Runtime_The_Devices_And_The_Realtime_Limit()
    {
        var run = string.Join(' ', Text.Split('\n')
            .Where(l => l.StartsWith('#'))
            .Select(l => l.TrimStart('#').Trim().TrimEnd('\\')));

        Assert.Contains("docker run", run, StringComparison.Ordinal);
        foreach (var flag in new[] { "--runtime nvidia", "--device /dev/i2c-7", "--device /dev/gpiochip0", "--device /dev/video0" })
            Assert.Contains(flag, run, StringComparison.Ordinal);
        var rtprio = int.Parse(RtprioLimit().Match(run).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(rtprio >= ImuBenchRun.ReaderPriority, $"--ulimit rtprio={rtprio} is below the IMU reader's priority {ImuBenchRun.ReaderPriority}.");
    }

    private static string Arg(string name) =>
        Stages.SelectMany(s => s).Concat(Preamble(Text))
            .Select(i => Regex.Match(i, @"^ARG " + name + "=(.+)$"))
            .First(m => m.Success).Groups[1].Value.Trim();

    private static IEnumerable<string> Preamble(string text) => Instructions(text).TakeWhile(i => !i.StartsWith("FROM ", StringComparison.Ordinal));

    private static List<List<string>> ReadStages(string text)
    {
        var stages = new List<List<string>>();
        foreach (var instruction in Instructions(text))
        {
            if (instruction.StartsWith("FROM ", StringComparison.Ordinal))
                stages.Add([]);
            if (stages.Count > 0)
                stages[^1].Add(instruction);
        }
        return stages.Count >= 2 ? stages : throw new InvalidOperationException("Dockerfile.jetson should be a multi-stage build.");
    }

    private static IEnumerable<string> Instructions(string text)
    {
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
                continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1].Trim() + " ";
                continue;
            }
            var instruction = (current + line).Trim();
            current = "";
            if (instruction.Length > 0)
                yield return instruction;
        }
    }

    [GeneratedRegex(@"(?m)^ORT_VERSION=([0-9.]+)\s*$")]
    private static partial Regex OrtVersionInScript();

    [GeneratedRegex(@"--ulimit rtprio=([0-9]+)")]
    private static partial Regex RtprioLimit();
}
