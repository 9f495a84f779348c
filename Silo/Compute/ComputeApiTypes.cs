using System.Collections.Immutable;
using EddCloud.Grains.Compute;

namespace EddCloud.Silo.Compute;

// Wire types of the Compute API (docs/api.md, "Compute"), as docs/openapi.json describes them. Grain records never go on the wire directly.

public sealed record IngressRequestBody(string? Name, int? Port, string? PathPrefix);

public sealed record CreateContainerRequest(
    string? Name,
    string? Image,
    decimal? Cpus,
    long? MemoryBytes,
    long? PidsLimit,
    Dictionary<string, string?>? Env,
    List<string?>? Command,
    List<int>? Ports,
    RestartPolicy? RestartPolicy,
    List<Guid>? AllowedKeys,
    List<IngressRequestBody>? Ingress,
    bool? Volume);

public sealed record UpdateContainerRequest(List<Guid>? AllowedKeys, RestartPolicy? RestartPolicy);

public sealed record StopContainerRequest(int? TimeoutSeconds);

public sealed record ComputeQuotaRequest(int? MaxContainers, decimal? MaxCpus, long? MaxMemoryBytes);

public sealed record IngressRuleResponse(string Name, int Port, string? PathPrefix, string Url, Guid ContainerId)
{
    public static IngressRuleResponse From(IngressRule rule, ComputeOptions options) =>
        new(rule.Name, rule.Port, rule.PathPrefix, $"https://{rule.Name}.{options.AppsDomain}{rule.PathPrefix}", rule.ContainerId);
}

public sealed record SshAccess(string Command, IReadOnlyList<string> HostKeys);

public sealed record ContainerResponse(
    Guid Id,
    string Name,
    Guid OwnerId,
    string Owner,
    string Image,
    decimal Cpus,
    long MemoryBytes,
    long PidsLimit,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<string> Command,
    IReadOnlyList<int> Ports,
    RestartPolicy RestartPolicy,
    bool Volume,
    IReadOnlyList<Guid> AllowedKeys,
    DesiredState DesiredState,
    ContainerStatus Status,
    string? StatusReason,
    string? Node,
    IReadOnlyList<ContainerAddress> Addresses,
    long? ExitCode,
    int RestartCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<IngressRuleResponse> Ingress,
    SshAccess? Ssh)
{
    public static ContainerResponse From(ContainerInfo info, ComputeOptions options)
    {
        var settings = info.Settings;
        var sshEnabled = string.Equals(settings.Image, options.BaseImage, StringComparison.Ordinal);
        return new ContainerResponse(
            info.Id, info.Name, info.OwnerId, info.Owner, settings.Image, settings.Cpus, settings.MemoryBytes, settings.PidsLimit,
            settings.Environment, settings.Command, settings.Ports, settings.RestartPolicy, settings.Volume, info.AllowedKeys,
            info.DesiredState, info.Status, info.StatusReason, info.Node, info.Addresses, info.ExitCode, info.RestartCount,
            info.CreatedAt, info.StartedAt, info.UpdatedAt,
            [.. info.Ingress.Select(rule => IngressRuleResponse.From(rule, options))],
            sshEnabled ? new SshAccess(SshCommand(info, options), info.HostKeys) : null);
    }

    /// <summary>What a user types to reach the container through the SSH gateway.</summary>
    public static string SshCommand(ContainerInfo info, ComputeOptions options) =>
        $"ssh {(options.SshPort == 22 ? "" : $"-p {options.SshPort} ")}{info.Owner}.{info.Name}@{options.SshHost}";
}

public sealed record ContainerPage(IReadOnlyList<ContainerResponse> Items, string? Next);

public sealed record IngressList(IReadOnlyList<IngressRuleResponse> Items);

public sealed record LogLines(IReadOnlyList<LogLine> Items);

public sealed record ContainerStats(
    DateTimeOffset Time,
    double CpuPercent,
    long MemoryBytes,
    long MemoryLimitBytes,
    long NetworkRxBytes,
    long NetworkTxBytes,
    long Pids,
    int RestartCount,
    bool Running)
{
    /// <summary>CPU as the share of one core used between two samples (100 = one core busy).</summary>
    public static ContainerStats From(UsageSample? previous, UsageSample current, ContainerInfo info)
    {
        ArgumentNullException.ThrowIfNull(current);
        var cpu = 0d;
        if (previous is { Running: true } && current.Running && current.Time > previous.Time && current.CpuNanoseconds >= previous.CpuNanoseconds)
            cpu = (current.CpuNanoseconds - previous.CpuNanoseconds) / ((current.Time - previous.Time).TotalMilliseconds * 1_000_000d) * 100d;
        return new ContainerStats(current.Time, Math.Round(cpu, 2), current.MemoryBytes,
            current.MemoryLimitBytes > 0 ? current.MemoryLimitBytes : info.Settings.MemoryBytes,
            current.NetworkRxBytes, current.NetworkTxBytes, current.Pids, info.RestartCount, current.Running);
    }
}

public sealed record ComputeNodeList(ImmutableArray<ComputeNode> Items);

/// <summary>A web terminal ticket: open <paramref name="Path"/> (it carries the ticket) as a WebSocket on the edge before <paramref name="ExpiresAt"/>.</summary>
public sealed record TerminalTicketResponse(string Ticket, string Path, DateTimeOffset ExpiresAt);
