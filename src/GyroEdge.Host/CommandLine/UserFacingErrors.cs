using GyroEdge.Imaging.TurboJpeg;
using GyroEdge.Inference.Models;
using GyroEdge.Inference.OnnxRuntime;
using GyroEdge.Messaging.Mosquitto;
using GyroEdge.Native;

namespace GyroEdge.Host.CommandLine;

/// <summary>
/// Runs a command's body and turns the failures a user can meet into one message on stderr and
/// an exit code: never a bare stack trace. Set GYROEDGE_DEBUG=1 to see the trace as well.
/// </summary>
public static class UserFacingErrors
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"gyroedge {command}: cancelled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (Classify(e) is { } code)
        {
            await Console.Error.WriteLineAsync($"gyroedge {command}: {e.Message}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("GYROEDGE_DEBUG") == "1")
                await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            return code;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync(
                $"gyroedge {command}: unexpected {e.GetType().Name}: {e.Message}{Environment.NewLine}"
                + "This is a bug in GyroEdge; please report it with the lines below." + Environment.NewLine + e).ConfigureAwait(false);
            return ExitCodes.Software;
        }
    }

    /// <summary>The exit code for a failure a user can act on, or null for a bug.</summary>
    public static int? Classify(Exception e) => e switch
    {
        NativeLibraryMissingException => ExitCodes.Unavailable,
        OnnxRuntimeTooOldException => ExitCodes.Unavailable,
        ExecutionProviderUnavailableException => ExitCodes.Unavailable,
        MqttConnectException => ExitCodes.Unavailable,
        MqttOptionsException => ExitCodes.Config,
        OnnxRuntimeException => ExitCodes.DataError,
        ModelPackageException => ExitCodes.DataError,
        JpegException => ExitCodes.DataError,
        MqttException => ExitCodes.Unavailable,
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.NoInput,
        UnauthorizedAccessException => ExitCodes.NoInput,
        InvalidDataException => ExitCodes.DataError,
        ArgumentException => ExitCodes.Usage,
        TimeoutException => ExitCodes.Unavailable,
        IOException => ExitCodes.Unavailable,
        _ => null,
    };
}
