using EddCloud.Grains.Compute;
namespace EddCloud.Silo.Compute.Engine;

/// <summary>
/// What a container is made of. There is deliberately no way to ask for privileged mode, host networking, host
/// namespaces, devices or host mounts: the only storage is one named volume at <c>/data</c>.
/// </summary>
/// <param name="Id">Compute's id of the container: labels it (<c>eddcloud.container</c>) and names it (<c>edd-&lt;id&gt;</c>) and its volume (<c>edd-&lt;id&gt;-data</c>); lowercase letters, digits and '-', 1-63 characters.</param>
/// <param name="Owner">The owning user's id (label <c>eddcloud.owner</c>).</param>
/// <param name="Image">An image present on the node; null: <see cref="ComputeOptions.BaseImage"/>.</param>
/// <param name="Cpus">CPU cores, e.g. 0.5; null: the default.</param>
/// <param name="MemoryBytes">Memory limit in bytes; null: the default.</param>
/// <param name="PidsLimit">Most processes and threads at once; null: the default.</param>
/// <param name="Environment">Environment variables (names: letters, digits, '_', not starting with a digit).</param>
/// <param name="Command">The command and its arguments, run directly (no shell); null or empty: the image's.</param>
/// <param name="Ports">Container TCP ports published on 127.0.0.1 at a port the engine chooses.</param>
/// <param name="Node">The node that owns it (label <c>eddcloud.node</c>): nodes sharing one engine each see only their own.</param>
/// <param name="Volume">Whether it gets its named volume at <c>/data</c>.</param>
public sealed record ContainerSpec(
    string Id,
    string Owner,
    string? Image = null,
    decimal? Cpus = null,
    long? MemoryBytes = null,
    long? PidsLimit = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<int>? Ports = null,
    string? Node = null,
    bool Volume = true);

/// <summary>What the engine says about a container.</summary>
/// <param name="Id">Compute's id (its label).</param>
/// <param name="EngineId">The engine's container id.</param>
/// <param name="State">The engine's state: created, running, paused, restarting, exited, ...</param>
/// <param name="ExitCode">The exit code of its last run (0 when it never ran).</param>
/// <param name="Error">The engine's error message when the container could not run, else null.</param>
/// <param name="Ports">Published ports: container TCP port → host port on 127.0.0.1.</param>
public sealed record EngineContainer(
    string Id,
    string EngineId,
    string State,
    bool Running,
    long ExitCode,
    string? Error,
    DateTimeOffset? StartedAt,
    IReadOnlyDictionary<int, int> Ports,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>The outcome of a command run inside a container.</summary>
public sealed record ExecResult(long ExitCode, string Output, string Error);

/// <summary>One of Compute's containers as the engine lists it.</summary>
public sealed record EngineListing(string Id, bool Running);
