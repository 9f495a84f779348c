namespace EddCloud.Cli.Compute;

/// <summary>
/// A container as <c>/api/containers</c> describes it. <see cref="Status"/> and <see cref="RestartPolicy"/> stay strings
/// so new values do not break old clients; lists the server may leave out are null then. <see cref="Volume"/>: a persistent volume at /data (servers that predate the
/// field gave every container one, hence the default true).
/// </summary>
public sealed record Container(
    string Id,
    string Name,
    string OwnerId,
    string Owner,
    string Image,
    double Cpus,
    long MemoryBytes,
    long PidsLimit,
    string RestartPolicy,
    string DesiredState,
    string Status,
    string? StatusReason,
    string? Node,
    long? ExitCode,
    int RestartCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string>? Env = null,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<int>? Ports = null,
    IReadOnlyList<string>? AllowedKeys = null,
    IReadOnlyList<ContainerAddress>? Addresses = null,
    IReadOnlyList<IngressRule>? Ingress = null,
    ContainerSsh? Ssh = null,
    bool Volume = true);

/// <summary>A published port: container <see cref="Port"/> reachable at <see cref="Host"/>:<see cref="HostPort"/> on the node.</summary>
public sealed record ContainerAddress(int Port, int HostPort, string Host);

/// <summary>How to log in: the ssh command line, and the container's own sshd host keys ("type base64") once known.</summary>
public sealed record ContainerSsh(string Command, IReadOnlyList<string>? HostKeys = null);
