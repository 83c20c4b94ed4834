using System.Runtime.InteropServices;

namespace GyroEdge.Hardware.Linux.Interop;

/// <summary>
/// The structs in this folder describe the LP64 Linux ABI (x86-64, arm64: Jetson). On a 32-bit
/// process pointers, unsigned long and struct timeval shrink, every layout shifts and the
/// kernel would read garbage, so the bindings refuse to start there instead.
/// </summary>
internal static class KernelAbi
{
    public static void EnsureSupported(string devicePath)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                $"{devicePath} is a Linux kernel interface; this is {RuntimeInformation.OSDescription}. Run GyroEdge's hardware layer on Linux (a Jetson board), or use the emulated devices.");
        }
        if (!Environment.Is64BitProcess)
        {
            throw new PlatformNotSupportedException(
                $"GyroEdge's kernel structs for {devicePath} follow the 64-bit (LP64) Linux ABI; this process is 32-bit ({RuntimeInformation.ProcessArchitecture}). Run the 64-bit .NET runtime (linux-arm64 on Jetson).");
        }
    }
}
