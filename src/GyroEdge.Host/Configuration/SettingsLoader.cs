using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace GyroEdge.Host.Configuration;

/// <summary>
/// Reads the settings from their sources, each overriding the ones before it: the file given with
/// --config (typically a board's example from firmware-config/boards/), every *.json in
/// /etc/gyroedge/ in name order (drop-ins, like systemd's), GYROEDGE__Section__Key environment
/// variables, then --set Section:Key=value on the command line. Keys are case-insensitive; keys
/// starting with '_' are comments. An unknown key is an error (a typo must not silently leave a
/// default in place).
/// </summary>
public static class SettingsLoader
{
    /// <summary>The drop-in folder the installed service reads.</summary>
    public const string DefaultDirectory = "/etc/gyroedge";

    /// <summary>Overrides <see cref="DefaultDirectory"/> (tests and containers).</summary>
    public const string DirectoryVariable = "GYROEDGE_CONFIG_DIR";

    /// <summary>Environment variables with this prefix are settings: GYROEDGE__Imu__Address=0x69.</summary>
    public const string EnvironmentPrefix = "GYROEDGE__";

    /// <summary>Builds the configuration and binds it; throws <see cref="SettingsException"/> naming the file or key at fault.</summary>
    /// <param name="configFile">--config FILE, or null.</param>
    /// <param name="configDirectory">The drop-in folder; null: $GYROEDGE_CONFIG_DIR, else /etc/gyroedge. A missing folder is skipped.</param>
    /// <param name="overrides">--set values, "Section:Key=value".</param>
    public static GyroEdgeSettings Load(string? configFile, string? configDirectory, IEnumerable<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
                throw new SettingsException($"--config {configFile} does not exist. Expected a JSON settings file, e.g. one of firmware-config/boards/*.json copied to /etc/gyroedge/gyroedge.json.");
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }
        var directory = configDirectory ?? Environment.GetEnvironmentVariable(DirectoryVariable) ?? DefaultDirectory;
        if (Directory.Exists(directory))
        {
            var full = configFile is null ? null : Path.GetFullPath(configFile);
            foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                // --config /etc/gyroedge/gyroedge.json must not be read twice at two priorities.
                if (!string.Equals(Path.GetFullPath(file), full, StringComparison.Ordinal))
                    builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            }
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(ParseOverrides(overrides));

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (InvalidDataException e)
        {
            // The JSON provider names the file; its inner exception says where the syntax broke.
            throw new SettingsException($"{e.Message} {e.InnerException?.Message} Fix the JSON (a trailing comma or a missing quote is the usual cause).", e);
        }
        return Bind(configuration);
    }

    /// <summary>Binds a configuration to settings, refusing unknown keys and values of the wrong type.</summary>
    public static GyroEdgeSettings Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var unknown = new List<string>();
        FindUnknownKeys(configuration.GetChildren(), typeof(GyroEdgeSettings), unknown);
        if (unknown.Count > 0)
            throw new SettingsException(unknown);
        var settings = new GyroEdgeSettings();
        try
        {
            configuration.Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value at 'Imu:Bus' to type 'System.Int32'.": it names the key.
            throw new SettingsException($"{e.Message} {e.InnerException?.Message} Fix the value in the configuration.", e);
        }
        return settings;
    }

    private static IEnumerable<KeyValuePair<string, string?>> ParseOverrides(IEnumerable<string> overrides)
    {
        foreach (var text in overrides)
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new SettingsException($"--set {text}: expected Section:Key=value, e.g. --set Imu:Address=0x69.");
            yield return new(text[..equals].Trim(), text[(equals + 1)..]);
        }
    }

    private static void FindUnknownKeys(IEnumerable<IConfigurationSection> sections, Type type, List<string> unknown)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (var section in sections)
        {
            if (section.Key.StartsWith('_'))
                continue;
            var property = Array.Find(properties, p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var known = string.Join(", ", properties.Select(p => p.Name));
                unknown.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{section.Path} is not a setting GyroEdge knows. {(type == typeof(GyroEdgeSettings) ? "Sections" : "Keys here")} are: {known}. Check the spelling, or start the key with '_' to keep it as a comment."));
                continue;
            }
            var propertyType = property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && propertyType.Namespace == typeof(GyroEdgeSettings).Namespace)
                FindUnknownKeys(section.GetChildren(), propertyType, unknown);
        }
    }
}
