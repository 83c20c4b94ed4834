using System.Globalization;
using GyroEdge.Messaging.Fleet;
using Spectre.Console;

namespace GyroEdge.Host.Fleet;

/// <summary>
/// Shows a <see cref="FleetWatcher"/>'s devices: a live table refreshed every second on a terminal,
/// plain lines every ten seconds when stdout is a file or a pipe (logs, scripts), and a final table.
/// </summary>
public static class FleetTable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PlainPeriod = TimeSpan.FromSeconds(10);

    public static async Task ShowAsync(FleetWatcher watcher, Func<IReadOnlyList<string>> problems, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(problems);
        if (Console.IsOutputRedirected)
        {
            await ShowPlainAsync(watcher, stop).ConfigureAwait(false);
            return;
        }
        var table = Build(watcher.Devices(), watcher, problems());
        await AnsiConsole.Live(table).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                context.UpdateTarget(Build(watcher.Devices(), watcher, problems()));
                context.Refresh();
                try
                {
                    await Task.Delay(Refresh, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            context.UpdateTarget(Build(watcher.Devices(), watcher, problems()));
        }).ConfigureAwait(false);
    }

    /// <summary>The device lines as plain text: one per device, aligned, for logs and the final summary.</summary>
    public static string Plain(IReadOnlyList<DeviceView> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var lines = new List<string> { string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,-8} {2,7} {3,11} {4,8} {5,5} {6,7} {7,8}", "device", "status", "fps", "latency ms", "frames", "dup", "outbox", "evicted") };
        foreach (var d in devices)
        {
            lines.Add(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,-8} {2,7:F1} {3,11} {4,8} {5,5} {6,7} {7,8}",
                d.DeviceId, d.Status, d.FramesPerSecond, d.LatencyMs is { } ms ? ms.ToString("F0", CultureInfo.InvariantCulture) : "-",
                d.Frames, d.Duplicates, d.OutboxDepth?.ToString(CultureInfo.InvariantCulture) ?? "-", d.OutboxEvicted?.ToString(CultureInfo.InvariantCulture) ?? "-"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task ShowPlainAsync(FleetWatcher watcher, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PlainPeriod, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Console.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} {watcher.Devices().Count} devices, {watcher.Saved} frames saved");
            Console.WriteLine(Plain(watcher.Devices()));
        }
    }

    private static Table Build(IReadOnlyList<DeviceView> devices, FleetWatcher watcher, IReadOnlyList<string> problems)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"gyroedge fleet watch: {devices.Count} devices, {watcher.Saved} frames saved{(watcher.IsConnected ? "" : " [red](disconnected)[/]")}");
        table.AddColumn("Device");
        table.AddColumn("Status");
        foreach (var numeric in new[] { "fps", "latency ms", "frames", "dup", "outbox", "evicted" })
            table.AddColumn(new TableColumn(numeric).RightAligned());
        foreach (var d in devices)
        {
            var status = d.Status switch
            {
                "online" => "[green]online[/]",
                "offline" => "[red]offline[/]",
                _ => $"[grey]{Markup.Escape(d.Status)}[/]",
            };
            table.AddRow(
                Markup.Escape(d.DeviceId),
                status,
                d.FramesPerSecond.ToString("F1", CultureInfo.InvariantCulture),
                d.LatencyMs is { } ms ? ms.ToString("F0", CultureInfo.InvariantCulture) : "-",
                d.Frames.ToString(CultureInfo.InvariantCulture),
                d.Duplicates == 0 ? "0" : $"[yellow]{d.Duplicates}[/]",
                d.OutboxDepth?.ToString(CultureInfo.InvariantCulture) ?? "-",
                d.OutboxEvicted is > 0 ? $"[yellow]{d.OutboxEvicted}[/]" : d.OutboxEvicted?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        if (problems.Count > 0)
            table.Caption(string.Join(Environment.NewLine, problems.Select(p => "[yellow]" + Markup.Escape(p) + "[/]")));
        return table;
    }
}
