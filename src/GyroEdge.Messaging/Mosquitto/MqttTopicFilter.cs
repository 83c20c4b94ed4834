namespace GyroEdge.Messaging.Mosquitto;

/// <summary>Builds topic filters whose syntax is easy to get wrong.</summary>
public static class MqttTopicFilter
{
    internal const string SharePrefix = "$share/";

    /// <summary>
    /// "$share/{group}/{filter}": the broker hands each matching message to one member of
    /// <paramref name="group"/> (MQTT 5.0 section 4.8.2). Fleet consumers scale out this way.
    /// </summary>
    public static string Shared(string group, string filter)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        ArgumentException.ThrowIfNullOrEmpty(filter);
        if (group.AsSpan().IndexOfAny('/', '+', '#') >= 0)
        {
            throw new ArgumentException(
                $"Share group \"{group}\" contains '/', '+' or '#', which MQTT 5.0 section 4.8.2 forbids in a share name. Use a plain name such as \"frame-consumers\".",
                nameof(group));
        }
        return SharePrefix + group + "/" + filter;
    }

    internal static bool IsShared(string filter) => filter.StartsWith(SharePrefix, StringComparison.Ordinal);
}
