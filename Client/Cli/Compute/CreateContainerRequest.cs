namespace EddCloud.Cli.Compute;

/// <summary>Body of <c>POST /api/containers</c>: only what was given is sent (nulls are left out; the server has the defaults).
/// <see cref="Volume"/> is sent only as false (no /data volume; the container may move to another node when its node leaves).</summary>
public sealed record CreateContainerRequest(
    string Name,
    string? Image = null,
    double? Cpus = null,
    long? MemoryBytes = null,
    long? PidsLimit = null,
    IReadOnlyDictionary<string, string>? Env = null,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<int>? Ports = null,
    string? RestartPolicy = null,
    IReadOnlyList<string>? AllowedKeys = null,
    IReadOnlyList<IngressRequest>? Ingress = null,
    bool? Volume = null);
