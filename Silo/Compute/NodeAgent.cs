using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Compute.Engine;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute;

/// <summary>
/// This node's side of <see cref="INodeAgentGrain"/>: turns container grains' orders into engine calls, and engine
/// failures into domain errors that cross grain calls (unavailable when there is no engine, engine_failed with the
/// engine's own message when it refuses).
/// </summary>
public sealed class NodeAgent(ContainerEngine engine, IOptions<ComputeOptions> options, IOptions<EddOptions> edd) : INodeAgent
{
    /// <summary>
    /// How the base image starts: its own host keys (made on first start, kept in the container; any the image
    /// carried are thrown away, so no two containers ever share one), then sshd; with a
    /// command, sshd in the background and the command in front. The owner's command arrives as arguments ("$@"),
    /// never as shell text.
    /// </summary>
    internal const string BaseImageInit =
        "mkdir -p /run/sshd && if [ ! -e /etc/ssh/.edd-own-host-keys ]; then rm -f /etc/ssh/ssh_host_*; touch /etc/ssh/.edd-own-host-keys; fi && ssh-keygen -A >/dev/null && if [ \"$#\" -eq 0 ]; then exec /usr/sbin/sshd -D -e; fi; /usr/sbin/sshd -e && exec \"$@\"";

    public const int SshPort = 22;

    public string NodeName => edd.Value.NodeName;

    public Task<bool> HasImageAsync(string image, CancellationToken cancellationToken) =>
        CallAsync(() => engine.HasImageAsync(image, cancellationToken));

    public Task<EngineState> CreateAsync(Guid id, Guid owner, ContainerSettings settings, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            var name = EngineId(id);
            if (await engine.InspectAsync(name, cancellationToken) is { } existing)
            {
                if (IsOurs(existing))
                    return State(existing);
                // Another node's copy on an engine the nodes share (the container moved here): that node no longer
                // wants it, and it holds the name.
                await engine.RemoveAsync(name, cancellationToken);
            }

            return State(await engine.CreateAsync(Spec(id, owner, settings), cancellationToken));
        });

    public Task<EngineState?> InspectAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(async () => await engine.InspectAsync(EngineId(id), cancellationToken) is { } found && IsOurs(found) ? State(found) : null);

    public Task StartAsync(Guid id, Guid owner, ContainerSettings settings, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(settings);
            var name = EngineId(id);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await engine.StartAsync(name, cancellationToken);
                    return true;
                }
                catch (ContainerPortTakenException) when (attempt < MaxStartAttempts)
                {
                    // The engine chose the host ports when it made the container and binds them only now; another
                    // program took one meanwhile (it may have been stopped for days). A new container gets free ports
                    // and keeps the volume; its new host key and addresses are read after the start as always.
                    await engine.RemoveContainerAsync(name, cancellationToken);
                    await engine.CreateAsync(Spec(id, owner, settings), cancellationToken);
                }
            }
        });

    private const int MaxStartAttempts = 3;

    public Task StopAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            await engine.StopAsync(EngineId(id), timeout, cancellationToken);
            return true;
        });

    public Task RemoveAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            await engine.RemoveAsync(EngineId(id), cancellationToken);
            return true;
        });

    public Task<ExecOutcome> ExecAsync(Guid id, ImmutableArray<string> command, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var result = await engine.ExecAsync(EngineId(id), command, cancellationToken);
            return new ExecOutcome(result.ExitCode, result.Output, result.Error);
        });

    public async IAsyncEnumerable<LogLine> LogsAsync(Guid id, int tail, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lines = await CallAsync(() => Task.FromResult(engine.LogsAsync(EngineId(id), tail, follow, cancellationToken).GetAsyncEnumerator(cancellationToken)));
        await using (lines)
        {
            while (await CallAsync(() => lines.MoveNextAsync().AsTask()))
            {
                var (time, error, text) = lines.Current;
                yield return new LogLine(time, error ? "stderr" : "stdout", text);
            }
        }
    }

    public Task<UsageSample> SampleAsync(Guid id, CancellationToken cancellationToken) =>
        CallAsync(async () =>
        {
            var name = EngineId(id);
            var found = await engine.InspectAsync(name, cancellationToken) ?? throw EddException.NotFound("The engine has no such container.");
            if (!found.Running)
                return UsageSample.NotRunning(DateTimeOffset.UtcNow);
            var sample = await engine.SampleAsync(name, cancellationToken);
            return new UsageSample(DateTimeOffset.UtcNow, true, sample.CpuNanoseconds, sample.Memory, sample.MemoryLimit, sample.Rx, sample.Tx, sample.Pids);
        });

    /// <summary>Compute's id of a container as the engine names it (a GUID's 32 hex digits).</summary>
    public static string EngineId(Guid id) => id.ToString("N");

    internal ContainerSpec Spec(Guid id, Guid owner, ContainerSettings settings)
    {
        var ssh = string.Equals(settings.Image, options.Value.BaseImage, StringComparison.Ordinal);
        var ports = settings.Ports.ToList();
        if (ssh && !ports.Contains(SshPort))
            ports.Add(SshPort);
        IReadOnlyList<string>? command = ssh
            ? ["/bin/sh", "-c", BaseImageInit, "edd-init", .. settings.Command]
            : settings.Command.IsEmpty ? null : settings.Command;
        return new ContainerSpec(EngineId(id), owner.ToString(), settings.Image, settings.Cpus, settings.MemoryBytes, settings.PidsLimit,
            settings.Environment, command, ports, NodeName, settings.Volume);
    }

    /// <summary>Whether the engine's container belongs to this node (nodes may share one engine, e.g. several silos on one machine).</summary>
    private bool IsOurs(EngineContainer container) =>
        !container.Labels.TryGetValue(CreateParameters.NodeLabel, out var node) || node == NodeName;

    private static EngineState State(EngineContainer container) => new(
        container.Running,
        container.State,
        container.ExitCode,
        container.Error,
        container.StartedAt,
        [.. container.Ports.OrderBy(pair => pair.Key).Select(pair => new ContainerAddress(pair.Key, pair.Value, "127.0.0.1"))]);

    private static async Task<T> CallAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ContainerEngineUnavailableException exception)
        {
            throw new EddException(ErrorCodes.Unavailable, exception.Message);
        }
        catch (ContainerNotFoundException exception)
        {
            throw new EddException(ErrorCodes.NotFound, exception.Message);
        }
        catch (ContainerEngineException exception)
        {
            throw new EddException(ErrorCodes.EngineFailed, exception.Message);
        }
        catch (ArgumentException exception)
        {
            throw new EddException(ErrorCodes.Validation, exception.Message);
        }
    }
}
