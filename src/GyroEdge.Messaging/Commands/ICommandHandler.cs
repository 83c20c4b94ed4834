using System.Text.Json.Nodes;

namespace GyroEdge.Messaging.Commands;

/// <summary>
/// One remote command, reached at <c>gyroedge/v1/{device}/cmd/{Name}</c>. Handlers run one at a
/// time on the router's worker (never on the MQTT network thread), in arrival order.
/// </summary>
public interface ICommandHandler
{
    /// <summary>The last topic level: lower-case letters, digits and '-', e.g. "model-update".</summary>
    string Name { get; }

    /// <summary>One line for operators (listed in the error for an unknown command).</summary>
    string Description { get; }

    /// <summary>
    /// Handles the request and returns the "result" of the response (null for none). Throw
    /// <see cref="CommandException"/> for a request that cannot be honoured: its message becomes the
    /// response's "error". Any other exception is reported as an internal error; the device keeps running.
    /// </summary>
    Task<JsonNode?> HandleAsync(CommandRequest request, CancellationToken cancellationToken);
}
