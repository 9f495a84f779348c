using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Compute;

/// <summary>A silo with real Podman for the compute tests that share one node.</summary>
public sealed class ComputeSiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(ComputeApi.Settings());
        Admin = await Silo.SignInAsAdminAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        // Removes what the tests left: the silo's node owns only its own containers.
        await ComputeApi.DisposeSiloAsync(Silo);
    }
}

[CollectionDefinition(Name)]
public sealed class ComputeSiloCollection : ICollectionFixture<ComputeSiloFixture>
{
    public const string Name = "compute silo";
}

/// <summary>Containers through the API against real Podman: create, limits, stop/start, restart policies, logs, stats.</summary>
[Collection(ComputeSiloCollection.Name)]
[IntegrationTest]
public sealed class ContainerLifecycleTests(ComputeSiloFixture fixture)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task Create_ReachesRunning_WithItsLimitsVisibleInside_AndSshReady()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("limits"), cpus = 0.5, memoryBytes = 96 * MiB, pidsLimit = 100, env = new Dictionary<string, string> { ["GREETING"] = "hello world" } });
        Assert.Equal("creating", created.Status);
        Assert.Equal("running", created.DesiredState);

        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        Assert.NotNull(running.StartedAt);
        Assert.Equal($"node-{fixture.Silo.HttpPort}", running.Node);
        Assert.Contains(running.Addresses, a => a.Port == 22 && a.Host == "127.0.0.1" && a.HostPort > 0);
        Assert.NotNull(running.Ssh);
        Assert.Contains(running.Ssh!.HostKeys, key => key.StartsWith("ssh-ed25519 ", StringComparison.Ordinal));
        Assert.Equal($"ssh -p 2222 {running.Owner}.{running.Name}@localhost", running.Ssh.Command);

        // cgroup v1 (this machine) or v2: whichever files the container sees.
        var memory = await ReadFirstAsync(running, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max");
        var pids = await ReadFirstAsync(running, "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max");
        var quota = await ReadFirstAsync(running, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu.max");
        var period = await ReadFirstAsync(running, "/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "/sys/fs/cgroup/cpu.max");
        Assert.Equal((96 * MiB).ToString(CultureInfo.InvariantCulture), memory);
        Assert.Equal("100", pids);
        Assert.Equal(0.5, double.Parse(quota.Split(' ')[0], CultureInfo.InvariantCulture) / double.Parse(period.Split(' ')[^1], CultureInfo.InvariantCulture), precision: 3);
        Assert.Equal("hello world", await ComputeApi.ExecAsync(running, "printenv", "GREETING"));

        // The host key compute recorded is the one the container's sshd serves.
        var served = await ComputeApi.ExecAsync(running, "cat", "/etc/ssh/ssh_host_ed25519_key.pub");
        Assert.Contains(string.Join(' ', served.Split(' ').Take(2)), running.Ssh.HostKeys);
    }

    [Fact]
    public async Task StopAndStart_KeepTheVolumesData_AndRestartGivesANewRun()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("vol") })).Id);
        await ComputeApi.ExecAsync(container, "/bin/sh", "-c", "echo kept > /data/note.txt");

        var stopping = await ComputeApi.ActAsync(owner, container.Id, "stop", new { timeoutSeconds = 5 });
        Assert.Equal("stopped", stopping.DesiredState);
        var stopped = await ComputeApi.WaitAsync(owner, container.Id, c => c.Status == "stopped", "stopped");
        Assert.Contains("Exited", (await ComputeApi.PodmanAsync("ps", "-a", "--filter", $"name={container.EngineName}", "--format", "{{.Status}}")).Output, StringComparison.Ordinal);

        await ComputeApi.ActAsync(owner, stopped.Id, "start");
        var again = await ComputeApi.WaitAsync(owner, container.Id, c => c.Status == "running" && c.StartedAt != container.StartedAt, "running again");
        Assert.Equal("kept", await ComputeApi.ExecAsync(again, "cat", "/data/note.txt"));

        await ComputeApi.ActAsync(owner, again.Id, "restart");
        var restarted = await ComputeApi.WaitAsync(owner, container.Id, c => c.Status == "running" && c.StartedAt > again.StartedAt, "restarted");
        Assert.Equal("kept", await ComputeApi.ExecAsync(restarted, "cat", "/data/note.txt"));
        Assert.Equal(0, restarted.RestartCount);
    }

    [Fact]
    public async Task StoppedContainer_WhoseHostPortAnotherProgramTook_StartsOnNewPorts_KeepingItsData()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("port") })).Id);
        await ComputeApi.ExecAsync(container, "/bin/sh", "-c", "echo kept > /data/note.txt");
        var oldPort = container.HostPort(22);

        await ComputeApi.ActAsync(owner, container.Id, "stop", new { timeoutSeconds = 5 });
        await ComputeApi.WaitAsync(owner, container.Id, c => c.Status == "stopped", "stopped");
        // The engine keeps the host port it chose at create and binds it only at start; here another program holds it.
        using var squatter = new TcpListener(IPAddress.Loopback, oldPort);
        squatter.Start();

        await ComputeApi.ActAsync(owner, container.Id, "start");
        var again = await ComputeApi.WaitAsync(owner, container.Id, c => c.Status == "running" && c.StartedAt != container.StartedAt, "running on new ports");
        Assert.NotEqual(oldPort, again.HostPort(22));
        Assert.Equal("kept", await ComputeApi.ExecAsync(again, "cat", "/data/note.txt"));

        // A new container has a new host key: the recorded one follows, so the gateway still verifies the right one.
        var recorded = await ComputeApi.WaitAsync(owner, container.Id, c => c.Ssh is { HostKeys.Count: > 0 } && c.Ssh.HostKeys.SequenceEqual(container.Ssh!.HostKeys) is false, "the new host key recorded");
        var served = await ComputeApi.ExecAsync(recorded, "cat", "/etc/ssh/ssh_host_ed25519_key.pub");
        Assert.Contains(string.Join(' ', served.Split(' ').Take(2)), recorded.Ssh!.HostKeys);
    }

    [Fact]
    public async Task KilledContainer_IsReportedAndRestarted_WhenItsPolicySaysSo()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var always = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("always"), restartPolicy = "always" });
        var never = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("never"), restartPolicy = "never" });
        var first = await ComputeApi.WaitRunningAsync(owner, always.Id);
        var second = await ComputeApi.WaitRunningAsync(owner, never.Id);

        Assert.Equal(0, (await ComputeApi.PodmanAsync("kill", first.EngineName)).ExitCode);
        Assert.Equal(0, (await ComputeApi.PodmanAsync("kill", second.EngineName)).ExitCode);

        var restarted = await ComputeApi.WaitAsync(owner, always.Id, c => c.Status == "running" && c.RestartCount == 1, "restarted after the kill");
        Assert.Equal(137, restarted.ExitCode);
        Assert.Contains("Exited with code 137", restarted.StatusReason, StringComparison.Ordinal);
        Assert.True(restarted.StartedAt > first.StartedAt);

        var down = await ComputeApi.WaitAsync(owner, never.Id, c => c.Status == "exited", "reported exited");
        Assert.Equal(1, down.RestartCount);
        Assert.Equal(137, down.ExitCode);
        Assert.Contains("Exited with code 137", down.StatusReason, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("exited", (await ComputeApi.GetAsync(owner, never.Id)).Status);
        Assert.Equal("false", (await ComputeApi.PodmanAsync("inspect", "--format", "{{.State.Running}}", second.EngineName)).Output);
    }

    [Fact]
    public async Task Logs_TailAndFollow_KeepStdoutAndStderrApart_AndStatsShowTheLimit()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var created = await ComputeApi.CreateAsync(owner, new
        {
            name = ComputeApi.NewName("logs"),
            memoryBytes = 64 * MiB,
            command = new[] { "/bin/sh", "-c", "echo first-out; echo first-err >&2; while true; do echo tick; sleep 1; done" },
        });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);

        await ApiAssert.EventuallyAsync(async () =>
        {
            var lines = (await owner.GetFromJsonAsync<LogsBody>($"/api/containers/{running.Id}/logs?tail=500", StorageApi.Json))!.Items;
            return lines.Any(l => l.Text == "first-out" && l.Stream == "stdout") && lines.Any(l => l.Text == "first-err" && l.Stream == "stderr");
        }, TimeSpan.FromSeconds(60), "both first lines in the log tail");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/containers/{running.Id}/logs?tail=1&follow=true");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await owner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var ticks = 0;
        while (ticks < 3 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"tick\"", StringComparison.Ordinal))
                ticks++;
        }

        Assert.Equal(3, ticks);

        // The same over a WebSocket, and stats there too.
        var bearer = owner.DefaultRequestHeaders.Authorization!.Parameter!;
        Assert.Contains(await FirstWebSocketMessagesAsync(bearer, $"/api/containers/{running.Id}/logs/ws?tail=1", 2), m => m.Contains("\"tick\"", StringComparison.Ordinal));
        var streamed = await FirstWebSocketMessagesAsync(bearer, $"/api/containers/{running.Id}/stats/ws", 2);
        Assert.All(streamed, m => Assert.Contains($"\"memoryLimitBytes\":{64 * MiB}", m, StringComparison.Ordinal));
        Assert.All(streamed, m => Assert.Contains("\"running\":true", m, StringComparison.Ordinal));

        // A page of this very host may open the socket; a page of another origin (a container's app, say) may not.
        Assert.Single(await FirstWebSocketMessagesAsync(bearer, $"/api/containers/{running.Id}/stats/ws", 1, $"http://localhost:{fixture.Silo.HttpPort}"));
        var foreign = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() =>
            FirstWebSocketMessagesAsync(bearer, $"/api/containers/{running.Id}/logs/ws", 1, "https://evil.apps.localhost"));
        Assert.Contains("403", foreign.Message, StringComparison.Ordinal);

        var stats = (await owner.GetFromJsonAsync<StatsBody>($"/api/containers/{running.Id}/stats", StorageApi.Json))!;
        Assert.True(stats.Running);
        Assert.Equal(64 * MiB, stats.MemoryLimitBytes);
        Assert.InRange(stats.MemoryBytes, 1, 64 * MiB);
        Assert.True(stats.Pids >= 2, $"pids {stats.Pids}");
    }

    [Fact]
    public async Task Delete_RemovesTheContainerAndItsVolume_AndFreesTheName()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var name = ComputeApi.NewName("gone");
        var container = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name })).Id);
        await ComputeApi.DeleteAsync(owner, container.Id);

        Assert.DoesNotContain(await ComputeApi.ListAsync(owner), c => c.Id == container.Id);
        using (var response = await owner.GetAsync($"/api/containers/{container.Id}"))
            await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound, "not_found", "deleted container");
        await ApiAssert.EventuallyAsync(async () => !await ComputeApi.EngineHasAsync(container), TimeSpan.FromSeconds(30), "the engine removed the container");
        Assert.NotEqual(0, (await ComputeApi.PodmanAsync("volume", "exists", $"{container.EngineName}-data")).ExitCode);
        Assert.Equal(0, (await ComputeApi.UsageAsync(owner)).Containers);

        // The name is free again at once.
        var again = await ComputeApi.CreateAsync(owner, new { name });
        Assert.NotEqual(container.Id, again.Id);
        await ComputeApi.DeleteAsync(owner, again.Id);
    }

    private async Task<List<string>> FirstWebSocketMessagesAsync(string bearer, string path, int count, string? origin = null)
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        if (origin is not null)
            socket.Options.SetRequestHeader("Origin", origin);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://localhost:{fixture.Silo.HttpPort}{path}"), timeout.Token);
        var messages = new List<string>();
        var buffer = new byte[64 * 1024];
        while (messages.Count < count)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Text, received.MessageType);
            messages.Add(System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        return messages;
    }

    private static async Task<string> ReadFirstAsync(ContainerBody container, params string[] paths)
    {
        foreach (var path in paths)
        {
            var (code, output, _) = await ComputeApi.PodmanAsync("exec", container.EngineName, "cat", path);
            if (code == 0)
                return output;
        }

        throw new Xunit.Sdk.XunitException($"None of {string.Join(", ", paths)} exists in the container.");
    }

    private sealed record LogsBody(List<LogLineBody> Items);
}
