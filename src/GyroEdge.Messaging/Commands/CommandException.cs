namespace GyroEdge.Messaging.Commands;

/// <summary>
/// A command request that cannot be honoured (malformed payload, unknown setting, bad value). Its
/// message goes back to the requester as <c>{"ok":false,"error":message}</c>, so say what was
/// wrong, what was expected and what to send instead.
/// </summary>
public sealed class CommandException : Exception
{
    public CommandException(string message)
        : base(message)
    {
    }

    public CommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandException()
    {
    }
}
