namespace GyroEdge.Messaging.Tests.Support;

/// <summary>Topics no other test uses, so tests sharing a broker never see each other's messages.</summary>
internal static class Topics
{
    public static string Unique(string purpose) => $"gyroedge-test/{purpose}/{Guid.NewGuid():N}";
}
