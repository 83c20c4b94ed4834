namespace GyroEdge.Hardware.Imu.Emulation;

/// <summary>A register write an emulated chip received, in order, for tests to check a configuration sequence.</summary>
/// <param name="Bank">The register bank selected at the time (0 on chips without banks).</param>
/// <param name="Register">The register address.</param>
/// <param name="Value">The byte written.</param>
/// <param name="TimestampNs">When, CLOCK_MONOTONIC ns.</param>
public readonly record struct RegisterWrite(int Bank, byte Register, byte Value, long TimestampNs);
