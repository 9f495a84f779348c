namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>A replica's data plane refused a request or could not be reached; the caller moves on to another replica.</summary>
public sealed class DataPlaneException(string nodeName, int? statusCode, string? code, string message, Exception? inner = null)
    : IOException(message, inner)
{
    /// <summary>The node that failed.</summary>
    public string NodeName { get; } = nodeName;

    /// <summary>The HTTP status it answered; null when there was no answer.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>The problem code it answered (e.g. <see cref="DataPlaneEndpoints.ChunkCorruptCode"/>), if any.</summary>
    public string? Code { get; } = code;
}
