using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary><c>cmd/status</c>: answers with what the host reports now (versions, outbox, pipeline counters).</summary>
public sealed class StatusCommand(Func<JsonObject> report) : ICommandHandler
{
    public string Name => "status";
    public string Description => "report versions, connection, outbox and pipeline counters now";

    public Task<JsonNode?> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(report());
}
