using System.Collections.Immutable;

namespace EddCloud.Grains.Compute;

/// <summary>
/// One node's container engine (keyed by node name), pinned to that node's silo: container grains drive their
/// containers through it. Placed elsewhere (its node is away) it refuses with <c>unavailable</c>.
/// </summary>
[Alias("edd.compute.INodeAgentGrain")]
public interface INodeAgentGrain : IGrainWithStringKey
{
    /// <summary>Whether the image is present on this node (no image is ever pulled).</summary>
    [Alias("has-image")] Task<bool> HasImageAsync(string image);

    /// <summary>Creates the container and its volume (not started); an existing one is left as it is.</summary>
    [Alias("create")] Task<EngineState> CreateAsync(Guid id, Guid owner, ContainerSettings settings);

    /// <summary>The engine's view of the container, or null when it does not exist.</summary>
    [Alias("inspect")] Task<EngineState?> InspectAsync(Guid id);

    /// <summary>Starts the container; when a host port it was given is taken meanwhile, it is made again (same volume) with new ports.</summary>
    [Alias("start")] Task StartAsync(Guid id, Guid owner, ContainerSettings settings);

    [Alias("stop")] Task StopAsync(Guid id, TimeSpan timeout);

    /// <summary>Removes the container and its volume; gone already is fine.</summary>
    [Alias("remove")] Task RemoveAsync(Guid id);

    /// <summary>Runs a command (argv, no shell) in the running container as root.</summary>
    [Alias("exec")] Task<ExecOutcome> ExecAsync(Guid id, ImmutableArray<string> command);

    /// <summary>The last <paramref name="tail"/> lines, then (when <paramref name="follow"/>) new ones until the container stops or the caller cancels.</summary>
    [Alias("logs")] IAsyncEnumerable<LogLine> LogsAsync(Guid id, int tail, bool follow, CancellationToken cancellationToken = default);

    [Alias("sample")] Task<UsageSample> SampleAsync(Guid id);
}

/// <summary>What a node's engine can do for <see cref="INodeAgentGrain"/>; implemented by the silo on its container engine.</summary>
public interface INodeAgent
{
    /// <summary>The node this process is: a node agent grain acts only here.</summary>
    string NodeName { get; }

    Task<bool> HasImageAsync(string image, CancellationToken cancellationToken);

    Task<EngineState> CreateAsync(Guid id, Guid owner, ContainerSettings settings, CancellationToken cancellationToken);

    Task<EngineState?> InspectAsync(Guid id, CancellationToken cancellationToken);

    Task StartAsync(Guid id, Guid owner, ContainerSettings settings, CancellationToken cancellationToken);

    Task StopAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken);

    Task RemoveAsync(Guid id, CancellationToken cancellationToken);

    Task<ExecOutcome> ExecAsync(Guid id, ImmutableArray<string> command, CancellationToken cancellationToken);

    IAsyncEnumerable<LogLine> LogsAsync(Guid id, int tail, bool follow, CancellationToken cancellationToken);

    Task<UsageSample> SampleAsync(Guid id, CancellationToken cancellationToken);
}
