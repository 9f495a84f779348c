using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace EddCloud.Grains.Compute;

// The records and enums Compute's grains pass to each other and to the silo (Orleans-serialized, stored in grain state); the HTTP wire types are the silo's ComputeApiTypes, which reuse the enums.

/// <summary>Where a container is in its life (docs/api.md, "Statuses").</summary>
public enum ContainerStatus
{
    Creating,
    Starting,
    Running,
    Stopping,
    /// <summary>Stopped because its owner asked.</summary>
    Stopped,
    /// <summary>It ended by itself and its restart policy keeps it down.</summary>
    Exited,
    /// <summary>The engine could not create or start it.</summary>
    Failed,
    /// <summary>Its node left the cluster.</summary>
    Lost,
    Deleting,
}

public enum RestartPolicy
{
    [JsonStringEnumMemberName("never")] Never,
    [JsonStringEnumMemberName("on-failure")] OnFailure,
    [JsonStringEnumMemberName("always")] Always,
}

public enum DesiredState
{
    Running,
    Stopped,
}

/// <summary>What a container is made of, with every default resolved (so quotas count exact numbers).</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.settings")]
public sealed record ContainerSettings(
    [property: Id(0)] string Image,
    [property: Id(1)] decimal Cpus,
    [property: Id(2)] long MemoryBytes,
    [property: Id(3)] long PidsLimit,
    [property: Id(4)] ImmutableSortedDictionary<string, string> Environment,
    [property: Id(5)] ImmutableArray<string> Command,
    [property: Id(6)] ImmutableArray<int> Ports,
    [property: Id(7)] RestartPolicy RestartPolicy,
    /// <summary>Whether the container has a persistent volume at /data (node-local data: it then never moves to another node).</summary>
    [property: Id(8)] bool Volume = true);

/// <summary>An ingress rule: <c>https://&lt;Name&gt;.&lt;apps domain&gt;&lt;PathPrefix&gt;</c> to a port of a container.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.ingress")]
public sealed record IngressRule(
    [property: Id(0)] string Name,
    [property: Id(1)] int Port,
    [property: Id(2)] string? PathPrefix,
    [property: Id(3)] Guid ContainerId,
    [property: Id(4)] Guid OwnerId);

/// <summary>A request for an ingress rule, before it names its container.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.ingress-request")]
public sealed record IngressRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] int Port,
    [property: Id(2)] string? PathPrefix);

/// <summary>A validated request to create a container.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.creation")]
public sealed record ContainerCreation(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] string Owner,
    [property: Id(4)] ContainerSettings Settings,
    [property: Id(5)] ImmutableArray<Guid> AllowedKeys,
    [property: Id(6)] ImmutableArray<IngressRequest> Ingress);

/// <summary>A published port: the container's <see cref="Port"/> is reachable at <see cref="Host"/>:<see cref="HostPort"/> on its node.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.address")]
public sealed record ContainerAddress(
    [property: Id(0)] int Port,
    [property: Id(1)] int HostPort,
    [property: Id(2)] string Host);

/// <summary>A container as its owner sees it.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.container")]
public sealed record ContainerInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] Guid OwnerId,
    [property: Id(3)] string Owner,
    [property: Id(4)] ContainerSettings Settings,
    [property: Id(5)] ImmutableArray<Guid> AllowedKeys,
    [property: Id(6)] DesiredState DesiredState,
    [property: Id(7)] ContainerStatus Status,
    [property: Id(8)] string? StatusReason,
    [property: Id(9)] string? Node,
    [property: Id(10)] ImmutableArray<ContainerAddress> Addresses,
    [property: Id(11)] long? ExitCode,
    [property: Id(12)] int RestartCount,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset? StartedAt,
    [property: Id(15)] DateTimeOffset UpdatedAt,
    [property: Id(16)] ImmutableArray<IngressRule> Ingress,
    [property: Id(17)] ImmutableArray<string> HostKeys);

/// <summary>A user's use of compute against their quota (limits counted whether the containers run or not).</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.usage")]
public sealed record ComputeUsage(
    [property: Id(0)] int Containers,
    [property: Id(1)] int MaxContainers,
    [property: Id(2)] decimal Cpus,
    [property: Id(3)] decimal MaxCpus,
    [property: Id(4)] long MemoryBytes,
    [property: Id(5)] long MaxMemoryBytes);

/// <summary>An entry of a user's container index.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.container-entry")]
public sealed record ContainerEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal Cpus,
    [property: Id(3)] long MemoryBytes,
    /// <summary>Set while the container grain is being created: an entry still pending long after was never created.</summary>
    [property: Id(4)] DateTimeOffset? PendingSince);

/// <summary>What a node's engine says about one of Compute's containers.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.engine-state")]
public sealed record EngineState(
    [property: Id(0)] bool Running,
    [property: Id(1)] string State,
    [property: Id(2)] long ExitCode,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset? StartedAt,
    [property: Id(5)] ImmutableArray<ContainerAddress> Addresses);

/// <summary>A command's outcome inside a container.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.exec-result")]
public sealed record ExecOutcome(
    [property: Id(0)] long ExitCode,
    [property: Id(1)] string Output,
    [property: Id(2)] string Error);

/// <summary>One line a container wrote.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.log-line")]
public sealed record LogLine(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] string Stream,
    [property: Id(2)] string Text);

/// <summary>A container's counters at one moment, as the engine reports them (CPU as cumulative time).</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.usage-sample")]
public sealed record UsageSample(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] bool Running,
    [property: Id(2)] ulong CpuNanoseconds,
    [property: Id(3)] long MemoryBytes,
    [property: Id(4)] long MemoryLimitBytes,
    [property: Id(5)] long NetworkRxBytes,
    [property: Id(6)] long NetworkTxBytes,
    [property: Id(7)] long Pids)
{
    /// <summary>What a container that does not run (or cannot be reached) shows.</summary>
    public static UsageSample NotRunning(DateTimeOffset time) => new(time, false, 0, 0, 0, 0, 0, 0);
}

/// <summary>A node as compute schedules on it: its size, what its containers' limits take, and whether its engine works.</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.node")]
public sealed record ComputeNode(
    [property: Id(0)] string Name,
    [property: Id(1)] int Cpus,
    [property: Id(2)] long MemoryBytes,
    [property: Id(3)] bool EngineAvailable,
    [property: Id(4)] decimal AllocatedCpus,
    [property: Id(5)] long AllocatedMemoryBytes,
    [property: Id(6)] int Containers,
    [property: Id(7)] DateTimeOffset LastSeen,
    [property: Id(8)] bool Present);

/// <summary>A node's report of itself (sent every watch interval).</summary>
[GenerateSerializer, Immutable, Alias("edd.compute.node-report")]
public sealed record NodeReport(
    [property: Id(0)] string Name,
    [property: Id(1)] int Cpus,
    [property: Id(2)] long MemoryBytes,
    [property: Id(3)] bool EngineAvailable);

/// <summary>
/// What the edge's SSH gateway needs to log in to a container's sshd: where it listens, the host keys compute
/// recorded (to verify), and the container's own gateway key (raw Ed25519 seed). Only the edge asks for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("edd.compute.gateway-access")]
public sealed record ContainerGatewayAccess(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] ImmutableArray<string> HostKeys,
    [property: Id(3)] byte[] GatewayKey);
