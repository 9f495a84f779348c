using EddCloud.Grains.Compute;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute.Engine;

/// <summary>
/// This node's container engine (Podman's or Docker's Docker-compatible API, found by
/// <see cref="PodmanServiceSupervisor"/>): creates containers from a <see cref="ContainerSpec"/> with their limits,
/// one named volume at <c>/data</c> and ports published on 127.0.0.1, and starts, stops, restarts, inspects, runs
/// commands in and removes them. Every container and volume is labelled <c>eddcloud.container=&lt;id&gt;</c> and
/// <c>eddcloud.owner=&lt;owner&gt;</c>. Engine errors become <see cref="ContainerEngineException"/>s with the engine's message.
/// </summary>
public sealed class ContainerEngine(
    PodmanServiceSupervisor supervisor, IOptions<ComputeOptions> options, ILogger<ContainerEngine> logger) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim clientGate = new(1, 1);
    private DockerClient? client;
    private string? clientSocket;

    /// <summary>Creates the container and its volume (not started). Nothing is left behind when it fails.</summary>
    public async Task<EngineContainer> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parameters = CreateParameters.Build(spec, options.Value);
        var docker = await ClientAsync(cancellationToken);

        // Checked first: the engine would otherwise try to pull it, which fails slowly without a registry.
        await RequireImageAsync(parameters.Image, cancellationToken);

        var volume = CreateParameters.VolumeName(spec.Id);
        // A volume that already exists (the container is made again) is kept, data and all, even when this create fails.
        var newVolume = spec.Volume && !await VolumeExistsAsync(spec.Id, cancellationToken);
        if (newVolume)
        {
            await CallAsync($"create volume {volume}", () => docker.Volumes.CreateAsync(
                new VolumesCreateParameters { Name = volume, Labels = CreateParameters.Labels(spec) }, cancellationToken));
        }

        CreateContainerResponse created;
        try
        {
            created = await CallAsync($"create container {spec.Id}", () => docker.Containers.CreateContainerAsync(parameters, cancellationToken));
        }
        catch when (newVolume)
        {
            await IgnoreFailureAsync(() => docker.Volumes.RemoveAsync(volume, force: true, CancellationToken.None));
            throw;
        }

        ComputeLog.ContainerCreated(logger, spec.Id, created.ID, parameters.Image, spec.Cpus ?? options.Value.DefaultCpus,
            parameters.HostConfig.Memory, parameters.HostConfig.PidsLimit ?? 0);
        return await InspectAsync(spec.Id, cancellationToken)
            ?? throw new ContainerEngineException($"container {spec.Id} vanished right after it was created");
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        await CallAsync($"start container {id}", () => docker.Containers.StartContainerAsync(Name(id), new ContainerStartParameters(), cancellationToken));
        ComputeLog.ContainerAction(logger, id, "started");
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="timeout"/> (default <see cref="ComputeOptions.StopTimeout"/>). A stopped container stays stopped.</summary>
    public async Task StopAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        var seconds = WaitSeconds(timeout);
        await CallAsync($"stop container {id}", () => docker.Containers.StopContainerAsync(
            Name(id), new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cancellationToken));
        ComputeLog.ContainerAction(logger, id, "stopped");
    }

    public async Task RestartAsync(string id, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        var seconds = WaitSeconds(timeout);
        await CallAsync($"restart container {id}", () => docker.Containers.RestartContainerAsync(
            Name(id), new ContainerRestartParameters { WaitBeforeKillSeconds = seconds }, cancellationToken));
        ComputeLog.ContainerAction(logger, id, "restarted");
    }

    /// <summary>Removes the container (killing it if it runs) and its volume; a container already gone is not an error.</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        await RemoveContainerAsync(id, cancellationToken);

        try
        {
            await CallAsync($"remove volume of {id}", () => docker.Volumes.RemoveAsync(CreateParameters.VolumeName(id), force: true, cancellationToken));
        }
        catch (ContainerNotFoundException)
        {
            // No volume.
        }

        ComputeLog.ContainerAction(logger, id, "removed with its volume");
    }

    /// <summary>Removes the container (killing it if it runs) but keeps its volume; a container already gone is not an error.</summary>
    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        try
        {
            await CallAsync($"remove container {id}", () => docker.Containers.RemoveContainerAsync(
                Name(id), new ContainerRemoveParameters { Force = true }, cancellationToken));
        }
        catch (ContainerNotFoundException)
        {
            // Already gone.
        }
    }

    /// <summary>The container's state, or null when it does not exist.</summary>
    public async Task<EngineContainer?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        ContainerInspectResponse response;
        try
        {
            response = await CallAsync($"inspect container {id}", () => docker.Containers.InspectContainerAsync(Name(id), cancellationToken));
        }
        catch (ContainerNotFoundException)
        {
            return null;
        }

        var ports = new Dictionary<int, int>();
        foreach (var (key, bindings) in response.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            var binding = bindings?.FirstOrDefault(candidate => int.TryParse(candidate.HostPort, CultureInfo.InvariantCulture, out _));
            if (binding is not null && int.TryParse(key.Split('/')[0], CultureInfo.InvariantCulture, out var containerPort))
            {
                ports[containerPort] = int.Parse(binding.HostPort, CultureInfo.InvariantCulture);
            }
        }

        var state = response.State;
        DateTimeOffset? startedAt = DateTimeOffset.TryParse(state?.StartedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var started)
            && started.Year > 1 ? started : null;
        return new EngineContainer(
            id,
            response.ID,
            state?.Status ?? "unknown",
            state?.Running ?? false,
            state?.ExitCode ?? 0,
            string.IsNullOrWhiteSpace(state?.Error) ? null : state.Error,
            startedAt,
            ports,
            (IReadOnlyDictionary<string, string>?)response.Config?.Labels?.AsReadOnly() ?? new Dictionary<string, string>());
    }

    /// <summary>Whether the container's volume exists.</summary>
    public async Task<bool> VolumeExistsAsync(string id, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        try
        {
            await CallAsync($"inspect volume of {id}", () => docker.Volumes.InspectAsync(CreateParameters.VolumeName(id), cancellationToken));
            return true;
        }
        catch (ContainerNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The Compute ids of every container on this node carrying Compute's label, optionally only <paramref name="owner"/>'s (for reconcile loops and clean-up).</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string? owner, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        var labels = new Dictionary<string, bool> { [CreateParameters.ContainerLabel] = true };
        if (owner is not null)
        {
            labels[$"{CreateParameters.OwnerLabel}={owner}"] = true;
        }

        var containers = await CallAsync("list containers", () => docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels },
        }, cancellationToken));
        return containers.Select(container => container.Labels.TryGetValue(CreateParameters.ContainerLabel, out var id) ? id : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Compute's containers on this engine that belong to <paramref name="node"/>, with whether each runs.</summary>
    public async Task<IReadOnlyList<EngineListing>> ListAsync(string node, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        var containers = await CallAsync("list containers", () => docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [CreateParameters.ContainerLabel] = true, [$"{CreateParameters.NodeLabel}={node}"] = true },
            },
        }, cancellationToken));
        return containers
            .Where(container => container.Labels.ContainsKey(CreateParameters.ContainerLabel))
            .Select(container => new EngineListing(container.Labels[CreateParameters.ContainerLabel], string.Equals(container.State, "running", StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>Whether the image is on this node.</summary>
    public async Task<bool> HasImageAsync(string image, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        try
        {
            await CallAsync($"inspect image {image}", () => docker.Images.InspectImageAsync(image, cancellationToken));
            return true;
        }
        catch (ContainerNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// The container's output, line by line with the engine's timestamps: the last <paramref name="tail"/> lines, then,
    /// when <paramref name="follow"/>, new lines until the container stops or the caller cancels.
    /// </summary>
    public async IAsyncEnumerable<(DateTimeOffset Time, bool Error, string Text)> LogsAsync(
        string id, int tail, bool follow, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        using var stream = await CallAsync($"logs of container {id}", () => docker.Containers.GetContainerLogsAsync(Name(id), tty: false, new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Tail = tail.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken));
        var buffer = new byte[16 * 1024];
        var pending = new[] { new List<byte>(), new List<byte>() };
        while (true)
        {
            MultiplexedStream.ReadResult read;
            try
            {
                read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (read.EOF)
                break;
            var error = read.Target == MultiplexedStream.TargetStream.StandardError;
            var line = pending[error ? 1 : 0];
            for (var i = 0; i < read.Count; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    line.Add(buffer[i]);
                    continue;
                }

                yield return LogLine(line, error);
                line.Clear();
            }
        }

        foreach (var (line, index) in pending.Select((line, index) => (line, index)).Where(pair => pair.line.Count > 0))
            yield return LogLine(line, index == 1);
    }

    /// <summary>One sample of a running container's counters (CPU as cumulative nanoseconds; zeros when the engine gave none).</summary>
    public async Task<(ulong CpuNanoseconds, long Memory, long MemoryLimit, long Rx, long Tx, long Pids)> SampleAsync(string id, CancellationToken cancellationToken)
    {
        var docker = await ClientAsync(cancellationToken);
        ContainerStatsResponse? sample = null;
        await CallAsync($"stats of container {id}", () => docker.Containers.GetContainerStatsAsync(Name(id),
            new ContainerStatsParameters { Stream = false, OneShot = true }, new Progress(response => sample ??= response), cancellationToken));
        if (sample is null)
            return default;
        var networks = sample.Networks?.Values ?? [];
        return (
            sample.CPUStats?.CPUUsage?.TotalUsage ?? 0,
            (long)(sample.MemoryStats?.Usage ?? 0),
            (long)(sample.MemoryStats?.Limit ?? 0),
            (long)networks.Aggregate(0UL, (sum, network) => sum + network.RxBytes),
            (long)networks.Aggregate(0UL, (sum, network) => sum + network.TxBytes),
            (long)(sample.PidsStats?.Current ?? 0));
    }

    private static (DateTimeOffset, bool, string) LogLine(List<byte> line, bool error)
    {
        var text = System.Text.Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && DateTimeOffset.TryParse(text.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return (time, error, text[(space + 1)..]);
        return (DateTimeOffset.UtcNow, error, text);
    }

    /// <summary>Synchronous progress: the sample is there when the call returns.</summary>
    private sealed class Progress(Action<ContainerStatsResponse> report) : IProgress<ContainerStatsResponse>
    {
        public void Report(ContainerStatsResponse value) => report(value);
    }

    /// <summary>Runs <paramref name="command"/> (no shell) in the running container as root and returns its exit code and output.</summary>
    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new ArgumentException("The command is empty.", nameof(command));
        }

        var docker = await ClientAsync(cancellationToken);
        var exec = await CallAsync($"exec in container {id}", () => docker.Exec.ExecCreateContainerAsync(Name(id), new ContainerExecCreateParameters
        {
            Cmd = command.ToList(),
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken));
        using var stream = await CallAsync($"exec in container {id}", () => docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancellationToken));
        var (output, error) = await stream.ReadOutputToEndAsync(cancellationToken);
        var inspected = await CallAsync($"exec in container {id}", () => docker.Exec.InspectContainerExecAsync(exec.ID, cancellationToken));
        return new ExecResult(inspected.ExitCode, output, error);
    }

    public void Dispose()
    {
        client?.Dispose();
        clientGate.Dispose();
    }

    private static string Name(string id) => CreateParameters.ContainerName(id);

    private uint WaitSeconds(TimeSpan? timeout) => (uint)Math.Ceiling((timeout ?? options.Value.StopTimeout).TotalSeconds);

    private async Task<DockerClient> ClientAsync(CancellationToken cancellationToken)
    {
        var socket = await supervisor.GetSocketPathAsync(cancellationToken);
        await clientGate.WaitAsync(cancellationToken);
        try
        {
            if (client is null || clientSocket != socket)
            {
                client?.Dispose();
                using var configuration = new DockerClientConfiguration(new Uri("unix://" + socket), defaultTimeout: RequestTimeout);
                client = configuration.CreateClient();
                clientSocket = socket;
            }

            return client;
        }
        finally
        {
            clientGate.Release();
        }
    }

    private async Task RequireImageAsync(string image, CancellationToken cancellationToken)
    {
        if (!await HasImageAsync(image, cancellationToken))
        {
            throw new ContainerEngineException(
                $"image '{image}' is not present on this node (nothing was created); build the base image with scripts/build-base-image.sh or name an image the node has (podman images).");
        }
    }

    private static async Task IgnoreFailureAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is DockerApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            // Best effort clean-up; the original error is what the caller needs.
        }
    }

    private static async Task CallAsync(string what, Func<Task> action) =>
        await CallAsync<bool>(what, async () =>
        {
            await action();
            return true;
        });

    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (DockerApiException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ContainerNotFoundException($"{what}: not found ({EngineMessage(exception)})", exception);
        }
        catch (DockerApiException exception) when (EngineMessage(exception).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new ContainerPortTakenException($"{what} failed: {EngineMessage(exception)} (HTTP {(int)exception.StatusCode})", exception);
        }
        catch (DockerApiException exception)
        {
            throw new ContainerEngineException($"{what} failed: {EngineMessage(exception)} (HTTP {(int)exception.StatusCode})", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TimeoutException
            or (TaskCanceledException and not { CancellationToken.IsCancellationRequested: true }))
        {
            throw new ContainerEngineException($"{what} failed: the container engine did not answer ({exception.Message})", exception);
        }
    }

    /// <summary>The engine's own message from its JSON error body ({"message": ...}), else the body itself.</summary>
    internal static string EngineMessage(DockerApiException exception)
    {
        var body = exception.ResponseBody ?? "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON.
        }

        return string.IsNullOrWhiteSpace(body) ? exception.Message : body.Trim();
    }
}
