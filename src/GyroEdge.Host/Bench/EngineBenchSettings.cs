using GyroEdge.Imaging.Pixels;
using GyroEdge.Inference.Engine;

namespace GyroEdge.Host.Bench;

/// <summary>What `gyroedge bench engine` was asked to measure.</summary>
public sealed record EngineBenchSettings(
    FileInfo Model,
    int Width,
    int Height,
    int Iterations,
    int Warmup,
    int Threads,
    PixelFormat Format,
    PixelFormat OutputFormat,
    FrameFit Fit,
    bool CpuOnly,
    bool NoSpinning,
    DirectoryInfo? EngineCache,
    FileInfo? Json);
