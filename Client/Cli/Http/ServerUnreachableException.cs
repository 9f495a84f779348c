namespace EddCloud.Cli.Http;

/// <summary>No HTTP answer at all: connection refused, DNS, TLS, or a timeout.</summary>
public sealed class ServerUnreachableException(Uri server, string reason, Exception inner)
    : Exception($"cannot reach the server at {server}: {reason}", inner)
{
    public Uri Server { get; } = server;

    public string Reason { get; } = reason;
}
