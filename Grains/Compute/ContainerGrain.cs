using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using EddCloud.Grains.Ssh;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Grains.Compute;

[GenerateSerializer, Alias("edd.compute.container-state")]
public sealed record ContainerGrainState
{
    [Id(0)] public bool Exists { get; init; }
    [Id(1)] public string Name { get; init; } = "";
    [Id(2)] public Guid OwnerId { get; init; }
    [Id(3)] public string Owner { get; init; } = "";
    [Id(4)] public ContainerSettings? Settings { get; init; }
    [Id(5)] public ImmutableArray<Guid> AllowedKeys { get; init; } = [];
    [Id(6)] public DesiredState Desired { get; init; }
    [Id(7)] public bool Deleting { get; init; }
    [Id(8)] public string? Node { get; init; }
    /// <summary>The engine has (or had) the container on <see cref="Node"/>: when it is missing, it vanished.</summary>
    [Id(9)] public bool EngineCreated { get; init; }
    [Id(10)] public ContainerStatus Status { get; init; }
    [Id(11)] public string? StatusReason { get; init; }
    [Id(12)] public long? ExitCode { get; init; }
    [Id(13)] public int RestartCount { get; init; }
    [Id(14)] public DateTimeOffset? StartedAt { get; init; }
    [Id(15)] public ImmutableArray<ContainerAddress> Addresses { get; init; } = [];
    [Id(16)] public ImmutableArray<IngressRule> Ingress { get; init; } = [];
    [Id(17)] public ImmutableArray<string> HostKeys { get; init; } = [];
    /// <summary>The private half of the per-container key the SSH gateway logs in with (raw Ed25519 seed).</summary>
    [Id(18)] public byte[]? GatewayKey { get; init; }
    [Id(19)] public string GatewayPublicKey { get; init; } = "";
    /// <summary>The owner asked to start (or restart): an exited container starts again even if its policy says no.</summary>
    [Id(20)] public bool StartRequested { get; init; }
    [Id(21)] public bool RestartRequested { get; init; }
    [Id(22)] public int StopTimeoutSeconds { get; init; } = 10;
    /// <summary>Bumped by every change of the allowed keys; <see cref="KeysApplied"/> says which version the running container has.</summary>
    [Id(23)] public int KeysVersion { get; init; }
    [Id(24)] public int KeysApplied { get; init; } = -1;
    [Id(25)] public DateTimeOffset? KeysAppliedStart { get; init; }
    [Id(26)] public int QuickExits { get; init; }
    [Id(27)] public DateTimeOffset? NextRestartAt { get; init; }
    [Id(28)] public bool SshEnabled { get; init; }
    [Id(29)] public DateTimeOffset CreatedAt { get; init; }
    [Id(30)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(31)] public string? SshProblem { get; init; }
}

internal sealed partial class ContainerGrain(
    [PersistentState("container", StorageNames.Default)] IPersistentState<ContainerGrainState> state,
    IOptions<ComputeOptions> options,
    TimeProvider time,
    ILogger<ContainerGrain> logger) : Grain, IContainerGrain, IRemindable
{
    private const string ReconcileReminder = "reconcile";
    private static readonly TimeSpan HostKeyWait = TimeSpan.FromSeconds(15);

    private IGrainTimer? _timer;
    private DateTimeOffset _timerDue;
    private bool _converging;
    private bool _again;

    private Guid Id => this.GetPrimaryKey();
    private ContainerGrainState S => state.State;
    private INodeAgentGrain Agent(string node) => GrainFactory.GetGrain<INodeAgentGrain>(node);
    private IComputeNodesGrain Nodes => GrainFactory.GetGrain<IComputeNodesGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // After a crash: carry on with whatever was in progress.
        if (S.Exists)
            Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task<ContainerInfo> CreateAsync(ContainerCreation creation)
    {
        ArgumentNullException.ThrowIfNull(creation);
        if (creation.Id != Id)
            throw new ArgumentException("The creation is for another container.", nameof(creation));
        if (S.Exists)
            return S.OwnerId == creation.OwnerId && S.Name == creation.Name ? Info() : throw EddException.Conflict("A container with this id exists.");

        var node = await Nodes.PlaceAsync(Id, creation.Settings.Cpus, creation.Settings.MemoryBytes, avoid: null);
        if (!await Agent(node).HasImageAsync(creation.Settings.Image))
        {
            await Nodes.ReleaseAsync(Id);
            throw EddException.Validation("image", $"The image '{creation.Settings.Image}' is not on node {node} (images are never pulled): leave the image empty for the base image, or name one the node has (podman images).");
        }

        var rules = creation.Ingress.Select(rule => new IngressRule(rule.Name, rule.Port, rule.PathPrefix, Id, creation.OwnerId)).ToImmutableArray();
        await ClaimAsync(rules);

        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var now = time.GetUtcNow();
        await state.WriteAsync(new ContainerGrainState
        {
            Exists = true,
            Name = creation.Name,
            OwnerId = creation.OwnerId,
            Owner = creation.Owner,
            Settings = creation.Settings,
            AllowedKeys = creation.AllowedKeys,
            Desired = DesiredState.Running,
            Node = node,
            Status = ContainerStatus.Creating,
            Ingress = rules,
            GatewayKey = key.Export(KeyBlobFormat.RawPrivateKey),
            GatewayPublicKey = SshPublicKey.Ed25519Line(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            StopTimeoutSeconds = (int)Math.Ceiling(options.Value.StopTimeout.TotalSeconds),
            SshEnabled = string.Equals(creation.Settings.Image, options.Value.BaseImage, StringComparison.Ordinal),
            CreatedAt = now,
            UpdatedAt = now,
        });
        await this.RegisterOrUpdateReminder(ReconcileReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        LogCreated(Id, creation.Name, creation.Owner, node);
        Schedule(TimeSpan.Zero);
        return Info();
    }

    public Task<ContainerInfo?> GetAsync() => Task.FromResult(S.Exists && !S.Deleting ? Info() : null);

    public Task<ContainerGatewayAccess?> GetGatewayAccessAsync()
    {
        var ssh = S.Addresses.FirstOrDefault(address => address.Port == 22);
        var ready = S.Exists && !S.Deleting && S.SshEnabled && S.Status == ContainerStatus.Running && ssh is not null
            && !S.HostKeys.IsEmpty && S.GatewayKey is not null && S.KeysAppliedStart == S.StartedAt;
        return Task.FromResult(ready ? new ContainerGatewayAccess(ssh!.Host, ssh.HostPort, S.HostKeys, S.GatewayKey!) : null);
    }

    public async Task<ContainerInfo> StartAsync()
    {
        EnsureExists();
        await WriteAsync(S with
        {
            Desired = DesiredState.Running,
            StartRequested = true,
            NextRestartAt = null,
            QuickExits = 0,
            // Callers see at once that it is on its way.
            Status = S.Status is ContainerStatus.Stopped or ContainerStatus.Exited or ContainerStatus.Failed or ContainerStatus.Stopping ? ContainerStatus.Starting : S.Status,
        });
        Schedule(TimeSpan.Zero);
        return Info();
    }

    public async Task<ContainerInfo> StopAsync(TimeSpan timeout)
    {
        EnsureExists();
        await WriteAsync(S with
        {
            Desired = DesiredState.Stopped,
            StartRequested = false,
            RestartRequested = false,
            NextRestartAt = null,
            StopTimeoutSeconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 300),
            Status = S.Status is ContainerStatus.Running or ContainerStatus.Starting or ContainerStatus.Creating ? ContainerStatus.Stopping : S.Status,
        });
        Schedule(TimeSpan.Zero);
        return Info();
    }

    public async Task<ContainerInfo> RestartAsync()
    {
        EnsureExists();
        await WriteAsync(S with { Desired = DesiredState.Running, StartRequested = true, RestartRequested = true, NextRestartAt = null, QuickExits = 0 });
        Schedule(TimeSpan.Zero);
        return Info();
    }

    public async Task<bool> DeleteAsync()
    {
        if (!S.Exists)
            return false;
        if (!S.Deleting)
        {
            await WriteAsync(S with { Deleting = true, Status = ContainerStatus.Deleting, StatusReason = null });
            LogDeleting(Id, S.Name);
        }

        // Its names are free at once, like its name in the owner's index.
        foreach (var rule in S.Ingress)
            await GrainFactory.GetGrain<IIngressNameGrain>(rule.Name).ReleaseAsync(Id);

        Schedule(TimeSpan.Zero);
        return true;
    }

    public async Task<ContainerInfo> UpdateAsync(ImmutableArray<Guid>? allowedKeys, RestartPolicy? restartPolicy)
    {
        EnsureExists();
        var next = S;
        if (allowedKeys is { } keys)
        {
            var list = ContainerRules.AllowedKeys(keys);
            await ContainerRules.RequireOwnKeysAsync(GrainFactory, S.OwnerId, list);
            if (!list.SequenceEqual(S.AllowedKeys))
                next = next with { AllowedKeys = list, KeysVersion = S.KeysVersion + 1 };
        }

        if (restartPolicy is { } policy)
        {
            if (!Enum.IsDefined(policy))
                throw EddException.Validation("restartPolicy", "The restart policy is never, on-failure or always.");
            next = next with { Settings = S.Settings! with { RestartPolicy = policy } };
        }

        if (next != S)
        {
            await WriteAsync(next);
            Schedule(TimeSpan.Zero);
        }

        return Info();
    }

    public async Task<IngressRule> AddIngressAsync(IngressRequest request)
    {
        EnsureExists();
        ArgumentNullException.ThrowIfNull(request);
        var all = ContainerRules.Ingress([.. S.Ingress.Where(rule => rule.Name != request.Name).Select(Request), request], S.Settings!.Ports);
        var checkedRequest = all[^1];
        var rule = new IngressRule(checkedRequest.Name, checkedRequest.Port, checkedRequest.PathPrefix, Id, S.OwnerId);
        await GrainFactory.GetGrain<IIngressNameGrain>(rule.Name).ClaimAsync(rule);
        await WriteAsync(S with { Ingress = [.. S.Ingress.Where(existing => existing.Name != rule.Name), rule] });
        return rule;
    }

    public async Task<bool> RemoveIngressAsync(string name)
    {
        EnsureExists();
        if (S.Ingress.FirstOrDefault(rule => rule.Name == name) is not { } rule)
            return false;
        await WriteAsync(S with { Ingress = S.Ingress.Remove(rule) });
        await GrainFactory.GetGrain<IIngressNameGrain>(name).ReleaseAsync(Id);
        return true;
    }

    public Task<bool> ObserveAsync(string node, bool running)
    {
        if (!S.Exists || (S.Node is not null && S.Node != node && !S.Deleting))
            return Task.FromResult(false);
        var settled = running
            ? S.Status == ContainerStatus.Running && S.Desired == DesiredState.Running
            : S.Status is ContainerStatus.Stopped or ContainerStatus.Exited or ContainerStatus.Failed;
        if (!settled)
            Schedule(TimeSpan.Zero);
        return Task.FromResult(true);
    }

    public async Task KeysChangedAsync()
    {
        if (!S.Exists || S.Deleting)
            return;
        await WriteAsync(S with { KeysVersion = S.KeysVersion + 1 });
        Schedule(TimeSpan.Zero);
    }

    public Task ReconcileAsync()
    {
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReconcileReminder)
            return;
        if (!S.Exists)
        {
            if (await this.GetReminder(ReconcileReminder) is { } stale)
                await this.UnregisterReminder(stale);
            return;
        }

        // A failed container is tried again once a minute: the image may be back, the engine may work again.
        if (S.Status == ContainerStatus.Failed)
            await WriteAsync(S with { StartRequested = S.Desired == DesiredState.Running });
        await RunAsync();
    }

    private void Schedule(TimeSpan delay)
    {
        if (_converging && delay == TimeSpan.Zero)
        {
            _again = true;
            return;
        }

        var due = time.GetUtcNow() + delay;
        if (_timer is not null && _timerDue <= due)
            return;
        _timer?.Dispose();
        _timerDue = due;
        _timer = this.RegisterGrainTimer(async _ =>
        {
            _timer?.Dispose();
            _timer = null;
            await RunAsync();
        }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task RunAsync()
    {
        if (_converging)
            return;
        _converging = true;
        try
        {
            for (var round = 0; round < 5; round++)
            {
                _again = false;
                await ConvergeAsync();
                if (!_again)
                    break;
            }
        }
        catch (Exception exception)
        {
            // The reminder (or the node's watcher) tries again.
            LogConvergeFailed(exception, Id, S.Name);
        }
        finally
        {
            _converging = false;
        }
    }

    private async Task ConvergeAsync()
    {
        if (!S.Exists)
            return;
        if (S.Deleting)
        {
            await FinishDeleteAsync();
            return;
        }

        var node = await NodeAsync();
        if (node is null)
            return;
        var agent = Agent(node);

        EngineState? actual;
        try
        {
            actual = await agent.InspectAsync(Id);
            if (actual is null)
            {
                var vanished = S.EngineCreated;
                await SetStatusAsync(ContainerStatus.Creating, vanished ? "The engine no longer had the container; it is created again (its /data volume may be new)." : null);
                actual = await agent.CreateAsync(Id, S.OwnerId, S.Settings!);
                await WriteAsync(S with { EngineCreated = true, Addresses = actual.Addresses });
            }
        }
        catch (EddException exception)
        {
            await SetStatusAsync(ContainerStatus.Failed, exception.Message);
            return;
        }

        var step = ContainerReconcile.NextStep(S, actual);
        switch (step)
        {
            case ConvergeStep.Stop:
                await StopContainerAsync(agent, actual);
                return;
            case ConvergeStep.Hold:
                return;
            case ConvergeStep.StopThenStart:
                if (!await StopContainerAsync(agent, actual))
                    return;
                await WriteAsync(S with { RestartRequested = false });
                break;
            case ConvergeStep.HandleExit:
                var now = time.GetUtcNow();
                var died = S.Status == ContainerStatus.Running;
                var exit = ContainerReconcile.AfterExit(S, actual, now);
                if (exit.Next != S)
                    await WriteAsync(exit.Next);
                if (died)
                    LogDied(Id, S.Name, actual.ExitCode);
                if (exit.Verdict == RestartVerdict.Later)
                    Schedule(exit.RestartAt!.Value - now);
                if (exit.Verdict != RestartVerdict.Now)
                    return;
                break;
        }

        if (step != ConvergeStep.Observe)
        {
            if (await StartContainerAsync(agent) is not { } started)
                return;
            actual = started;
        }

        if (ContainerReconcile.RunningRecordIsStale(S, actual))
            await WriteAsync(ContainerReconcile.Running(S, actual));
        if (ContainerReconcile.SshIsStale(S))
            await ApplySshAsync(agent);
    }

    /// <summary>Starts the container; its engine state once it runs, or null when it failed or exited at once (recorded).</summary>
    private async Task<EngineState?> StartContainerAsync(INodeAgentGrain agent)
    {
        await SetStatusAsync(ContainerStatus.Starting, S.StatusReason);
        EngineState actual;
        try
        {
            await agent.StartAsync(Id, S.OwnerId, S.Settings!);
            actual = await agent.InspectAsync(Id) ?? throw new EddException(ErrorCodes.Unavailable, "The container vanished while it started.");
        }
        catch (EddException exception)
        {
            await WriteAsync(S with { Status = ContainerStatus.Failed, StatusReason = "Could not start: " + exception.Message, StartRequested = false });
            return null;
        }

        if (actual.Running)
            return actual;
        await WriteAsync(S with
        {
            Status = ContainerStatus.Exited,
            StatusReason = $"Exited right after it started (exit code {actual.ExitCode}){(actual.Error is null ? "" : ": " + actual.Error)}.",
            ExitCode = actual.ExitCode,
            StartRequested = false,
        });
        return null;
    }

    /// <summary>The node the container lives on, placing it when it has none; null when nothing can be done now.</summary>
    private async Task<string?> NodeAsync()
    {
        if (S.Node is { } current)
        {
            if (await Nodes.IsPresentAsync(current))
                return current;
            if (!S.EngineCreated || !S.Settings!.Volume)
            {
                var moved = await Nodes.PlaceAsync(Id, S.Settings!.Cpus, S.Settings.MemoryBytes, avoid: current);
                await WriteAsync(S with
                {
                    Node = moved,
                    EngineCreated = false,
                    Status = ContainerStatus.Creating,
                    StatusReason = S.EngineCreated ? $"Node {current} left the cluster; the container moves to {moved}." : null,
                    UpdatedAt = time.GetUtcNow(),
                });
                LogMoved(Id, S.Name, current, moved);
                return moved;
            }

            await SetStatusAsync(ContainerStatus.Lost, $"Node {current} left the cluster; the container waits for it, because its /data volume lives there.");
            return null;
        }

        var node = await Nodes.PlaceAsync(Id, S.Settings!.Cpus, S.Settings.MemoryBytes, avoid: null);
        await WriteAsync(S with { Node = node });
        return node;
    }

    private async Task<bool> StopContainerAsync(INodeAgentGrain agent, EngineState actual)
    {
        if (actual.Running)
        {
            await SetStatusAsync(ContainerStatus.Stopping, null);
            try
            {
                await agent.StopAsync(Id, TimeSpan.FromSeconds(S.StopTimeoutSeconds));
            }
            catch (EddException exception)
            {
                await SetStatusAsync(ContainerStatus.Failed, "Could not stop: " + exception.Message);
                return false;
            }
        }

        if (S.Desired == DesiredState.Stopped && S.Status != ContainerStatus.Stopped)
            await WriteAsync(S with { Status = ContainerStatus.Stopped, StatusReason = null, UpdatedAt = time.GetUtcNow() });
        return true;
    }

    /// <summary>Writes authorized_keys (the gateway's per-container key and the owner's allowed keys) and records the container's host keys.</summary>
    private async Task ApplySshAsync(INodeAgentGrain agent)
    {
        try
        {
            var owned = await GrainFactory.GetGrain<ISshKeysGrain>(S.OwnerId).ListAsync();
            var lines = owned.Where(key => S.AllowedKeys.Contains(key.Id)).Select(key => key.PublicKey).Prepend(S.GatewayPublicKey).ToList();
            var written = await agent.ExecAsync(Id, ["/bin/sh", "-c", AuthorizedKeysScript, "edd-keys", .. lines]);
            if (written.ExitCode != 0)
                throw new EddException(ErrorCodes.Unavailable, $"writing authorized_keys failed (exit {written.ExitCode}): {written.Error.Trim()}");

            var hostKeys = S.HostKeys;
            var deadline = time.GetUtcNow() + HostKeyWait;
            while (true)
            {
                var read = await agent.ExecAsync(Id, ["/bin/sh", "-c", HostKeysScript]);
                hostKeys = [.. read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseHostKey).OfType<string>()];
                if (hostKeys.Any(key => key.StartsWith("ssh-ed25519 ", StringComparison.Ordinal)) || time.GetUtcNow() >= deadline)
                    break;
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }

            if (hostKeys.IsEmpty)
                throw new EddException(ErrorCodes.Unavailable, "the container's sshd does not listen on port 22 or has no host keys (is openssh-server in the image, and does it start?)");
            await WriteAsync(S with { HostKeys = hostKeys, KeysApplied = S.KeysVersion, KeysAppliedStart = S.StartedAt, SshProblem = null });
        }
        catch (EddException exception)
        {
            await WriteAsync(S with { SshProblem = "SSH is not ready: " + exception.Message });
        }
    }

    private const string AuthorizedKeysScript =
        "umask 077 && mkdir -p /root/.ssh && printf '%s\\n' \"$@\" > /root/.ssh/authorized_keys.edd && mv -f /root/.ssh/authorized_keys.edd /root/.ssh/authorized_keys";

    // The host keys, once sshd listens on port 22 (a LISTEN socket, state 0A, in /proc/net/tcp or tcp6): the keys
    // can exist before sshd has bound its port, and SSH counts as ready only when a login can connect.
    private const string HostKeysScript =
        "grep -Eqs ':0016 [0-9A-F]+:0000 0A' /proc/net/tcp /proc/net/tcp6 || exit 0; "
        + "for f in /etc/ssh/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ecdsa_key.pub /etc/ssh/ssh_host_rsa_key.pub; do if [ -s \"$f\" ]; then cat \"$f\"; fi; done";

    private static string? ParseHostKey(string line)
    {
        try
        {
            return SshPublicKey.Parse(line).Line;
        }
        catch (SshKeyFormatException)
        {
            return null;
        }
    }

    private async Task FinishDeleteAsync()
    {
        if (S.Node is { } node && S.EngineCreated)
        {
            try
            {
                await Agent(node).RemoveAsync(Id);
            }
            catch (EddException exception) when (exception.Code == ErrorCodes.Unavailable)
            {
                // The node is away: its watcher removes the container when it returns (no grain wants it then).
                LogRemoveDeferred(Id, node);
            }
        }

        foreach (var rule in S.Ingress)
            await GrainFactory.GetGrain<IIngressNameGrain>(rule.Name).ReleaseAsync(Id);
        await Nodes.ReleaseAsync(Id);
        await state.ClearStateAsync();
        state.State = new ContainerGrainState();
        if (await this.GetReminder(ReconcileReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        LogDeleted(Id);
        DeactivateOnIdle();
    }

    private async Task ClaimAsync(ImmutableArray<IngressRule> rules)
    {
        var claimed = new List<IngressRule>();
        try
        {
            foreach (var rule in rules)
            {
                await GrainFactory.GetGrain<IIngressNameGrain>(rule.Name).ClaimAsync(rule);
                claimed.Add(rule);
            }
        }
        catch
        {
            foreach (var rule in claimed)
                await GrainFactory.GetGrain<IIngressNameGrain>(rule.Name).ReleaseAsync(Id);
            throw;
        }
    }

    private async Task SetStatusAsync(ContainerStatus status, string? reason)
    {
        if (S.Status != status || S.StatusReason != reason)
            await WriteAsync(S with { Status = status, StatusReason = reason, UpdatedAt = time.GetUtcNow() });
    }

    private Task WriteAsync(ContainerGrainState next) => state.WriteAsync(next with { UpdatedAt = time.GetUtcNow() });

    private void EnsureExists()
    {
        if (!S.Exists || S.Deleting)
            throw EddException.NotFound("There is no such container; see GET /api/containers.");
    }

    private static IngressRequest Request(IngressRule rule) => new(rule.Name, rule.Port, rule.PathPrefix);

    private ContainerInfo Info() => new(
        Id, S.Name, S.OwnerId, S.Owner, S.Settings!, S.AllowedKeys, S.Desired, S.Status,
        S.StatusReason ?? (S.Status == ContainerStatus.Running ? S.SshProblem : null),
        S.Node, S.Addresses, S.ExitCode, S.RestartCount, S.CreatedAt, S.StartedAt, S.UpdatedAt, S.Ingress,
        S.SshEnabled ? S.HostKeys : []);

    [LoggerMessage(EventId = 9050, Level = LogLevel.Information, Message = "Container {Id} ({Name}) of {Owner} created on node {Node}")]
    private partial void LogCreated(Guid id, string name, string owner, string node);

    [LoggerMessage(EventId = 9051, Level = LogLevel.Warning, Message = "Container {Id} ({Name}) exited with code {ExitCode}")]
    private partial void LogDied(Guid id, string name, long exitCode);

    [LoggerMessage(EventId = 9052, Level = LogLevel.Information, Message = "Container {Id} ({Name}) is being deleted")]
    private partial void LogDeleting(Guid id, string name);

    [LoggerMessage(EventId = 9053, Level = LogLevel.Information, Message = "Container {Id} deleted")]
    private partial void LogDeleted(Guid id);

    [LoggerMessage(EventId = 9054, Level = LogLevel.Warning, Message = "Reconciling container {Id} ({Name}) failed; the next tick tries again")]
    private partial void LogConvergeFailed(Exception exception, Guid id, string name);

    [LoggerMessage(EventId = 9055, Level = LogLevel.Warning, Message = "Container {Id} ({Name}) moves from node {From}, which left, to {To}")]
    private partial void LogMoved(Guid id, string name, string from, string to);

    [LoggerMessage(EventId = 9056, Level = LogLevel.Warning, Message = "Container {Id} is deleted while node {Node} is away; that node removes it when it returns")]
    private partial void LogRemoveDeferred(Guid id, string node);
}
