using GyroEdge.Domain.Gyro;
using GyroEdge.Inference.Models;

namespace GyroEdge.Inference.Engine;

/// <summary>
/// What the engine did with one frame: which model ran (part of the frame's published metadata),
/// on which provider, and how long each stage took. A value, so returning it allocates nothing.
/// </summary>
public readonly record struct DeblurResult(
    ModelKind Model,
    string ModelName,
    string Provider,
    GyroQuality Quality,
    double PreprocessMs,
    double RunMs,
    double PostprocessMs)
{
    public double TotalMs => PreprocessMs + RunMs + PostprocessMs;
}
