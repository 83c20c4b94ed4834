namespace GyroEdge.Host.CommandLine;

/// <summary>
/// Process exit codes, from sysexits.h so that systemd units and scripts can tell a configuration
/// mistake (restarting will not help: RestartPreventExitStatus=78) from a missing device or
/// service (restarting may help).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed that has no more specific code.</summary>
    public const int Failure = 1;

    /// <summary>EX_USAGE: the command line was wrong.</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: an input file (model, recording, frame) is malformed.</summary>
    public const int DataError = 65;

    /// <summary>EX_NOINPUT: an input file does not exist or cannot be read.</summary>
    public const int NoInput = 66;

    /// <summary>EX_UNAVAILABLE: a native library, device or service (the broker) is missing.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: a bug in GyroEdge; the message asks for a report.</summary>
    public const int Software = 70;

    /// <summary>EX_CONFIG: the configuration is invalid.</summary>
    public const int Config = 78;
}
