namespace GyroEdge.Host.Configuration;

/// <summary>
/// The configuration cannot work: each problem names the setting (<c>Imu:Address</c>), what it
/// holds, what was expected and what to do. `gyroedge run` exits with EX_CONFIG (78), which the
/// systemd unit does not restart on, since restarting cannot fix a configuration.
/// </summary>
public sealed class SettingsException : Exception
{
    public SettingsException()
        : this(["The configuration is invalid."])
    {
    }

    public SettingsException(string message)
        : this([message])
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public SettingsException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>One sentence per invalid setting, each starting with the setting's name.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? problems[0]
            : $"{problems.Count} settings are invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems);
    }
}
