using EddCloud.Grains.Compute;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Docker.DotNet;
using EddCloud.Silo.Compute;
using EddCloud.Silo.Compute.Engine;
using Xunit.Abstractions;

namespace EddCloud.Tests.Compute;

/// <summary>The container engine against real Podman, with containers from the real base image (eddcloud/base:latest).</summary>
[IntegrationTest]
public sealed class ContainerEngineTests(PodmanFixture podman, ITestOutputHelper output) : IClassFixture<PodmanFixture>
{
    private const long MiB = 1024 * 1024;

    // A PID 1 that exits on SIGTERM (bash ignores it as PID 1 otherwise), so a stop is graceful and quick.
    private static readonly string[] Idle = ["bash", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"];

    private ContainerEngine Engine => podman.Engine;

    [Fact]
    public async Task CreateAndStart_WithLimits_RunsAndTheLimitsAreVisibleInside()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = podman.NewId("limits");
        var clock = Stopwatch.StartNew();
        await Engine.CreateAsync(new ContainerSpec(id, podman.Owner, Cpus: 0.5m, MemoryBytes: 64 * MiB, PidsLimit: 64, Command: Idle), timeout.Token);
        await Engine.StartAsync(id, timeout.Token);
        var info = await Engine.InspectAsync(id, timeout.Token);
        output.WriteLine($"create->running: {clock.Elapsed.TotalMilliseconds:F0} ms");

        Assert.NotNull(info);
        Assert.True(info.Running, $"state {info.State}, error {info.Error}");
        Assert.Equal(id, info.Labels["eddcloud.container"]);
        Assert.Equal(podman.Owner, info.Labels["eddcloud.owner"]);

        // cgroup v1 (this machine) or v2: whichever files the container sees.
        var memory = await ReadFirstAsync(id, ["/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory.max"], timeout.Token);
        var pids = await ReadFirstAsync(id, ["/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/pids.max"], timeout.Token);
        var quota = await ReadFirstAsync(id, ["/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu.max"], timeout.Token);
        var period = await ReadFirstAsync(id, ["/sys/fs/cgroup/cpu/cpu.cfs_period_us", "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "/sys/fs/cgroup/cpu.max"], timeout.Token);

        Assert.Equal((64 * MiB).ToString(CultureInfo.InvariantCulture), memory);
        Assert.Equal("64", pids);
        var cpuShare = double.Parse(quota.Split(' ')[0], CultureInfo.InvariantCulture) / double.Parse(period.Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.Equal(0.5, cpuShare, precision: 3);
    }

    [Fact]
    public async Task DataVolume_SurvivesStopAndStart_AndRemoveDeletesContainerAndVolume()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = podman.NewId("volume");
        await Engine.CreateAsync(new ContainerSpec(id, podman.Owner, MemoryBytes: 64 * MiB, Command: Idle), timeout.Token);
        await Engine.StartAsync(id, timeout.Token);
        var written = await Engine.ExecAsync(id, ["bash", "-c", "echo kept > /data/note.txt && cat /data/note.txt"], timeout.Token);
        Assert.Equal(0, written.ExitCode);

        // A long grace period, so a stop that honours SIGTERM (well under a second idle) and one that waits for the
        // kill stay far apart even when a loaded machine makes podman slow.
        var grace = TimeSpan.FromSeconds(30);
        var stopClock = Stopwatch.StartNew();
        await Engine.StopAsync(id, grace, timeout.Token);
        var stopped = await Engine.InspectAsync(id, timeout.Token);
        Assert.NotNull(stopped);
        Assert.False(stopped.Running, $"still {stopped.State} after stop");
        Assert.Equal(0, stopped.ExitCode); // The graceful SIGTERM path, not a kill (137).
        Assert.True(stopClock.Elapsed < grace - TimeSpan.FromSeconds(5), $"stop took {stopClock.Elapsed} of its {grace.TotalSeconds} s grace: SIGTERM was not honoured");

        await Engine.StartAsync(id, timeout.Token);
        var read = await Engine.ExecAsync(id, ["cat", "/data/note.txt"], timeout.Token);
        Assert.Equal("kept", read.Output.Trim());

        await Engine.RestartAsync(id, TimeSpan.FromSeconds(10), timeout.Token);
        Assert.Equal("kept", (await Engine.ExecAsync(id, ["cat", "/data/note.txt"], timeout.Token)).Output.Trim());

        await Engine.RemoveAsync(id, timeout.Token);
        Assert.Null(await Engine.InspectAsync(id, timeout.Token));
        Assert.False(await Engine.VolumeExistsAsync(id, timeout.Token), "the volume outlived its container");
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => Engine.StartAsync(id, timeout.Token));
        await Engine.RemoveAsync(id, timeout.Token); // Removing twice is not an error.
    }

    [Fact]
    public async Task Security_HostPowersCannotBeAskedFor_AndTheContainerHasNone()
    {
        // The spec has no field for them.
        var specFields = typeof(ContainerSpec).GetProperties().Select(property => property.Name).ToList();
        foreach (var forbidden in new[] { "Privileged", "NetworkMode", "PidMode", "IpcMode", "Binds", "Mounts", "Devices", "CapAdd" })
        {
            Assert.DoesNotContain(forbidden, specFields);
        }

        // Parameters tampered with after they were built are refused where they are built.
        foreach (var tamper in new Action<Docker.DotNet.Models.CreateContainerParameters>[]
        {
            parameters => parameters.HostConfig.Privileged = true,
            parameters => parameters.HostConfig.NetworkMode = "host",
            parameters => parameters.HostConfig.PidMode = "host",
            parameters => parameters.HostConfig.Binds = ["/:/host"],
            parameters => parameters.HostConfig.Mounts.Add(new Docker.DotNet.Models.Mount { Type = "bind", Source = "/etc", Target = "/host-etc" }),
            parameters => parameters.HostConfig.CapAdd.Add("SYS_ADMIN"),
            parameters => parameters.HostConfig.PortBindings.Values.First()[0].HostIP = "0.0.0.0",
        })
        {
            var parameters = CreateParameters.Build(new ContainerSpec("x", "o", Ports: [22]), new ComputeOptions());
            tamper(parameters);
            var refused = Assert.Throws<InvalidOperationException>(() => CreateParameters.Enforce(parameters));
            Assert.StartsWith("refused: containers never get", refused.Message, StringComparison.Ordinal);
        }

        // What the engine actually made.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = podman.NewId("security");
        await Engine.CreateAsync(new ContainerSpec(id, podman.Owner, MemoryBytes: 64 * MiB, Command: Idle), timeout.Token);
        await Engine.StartAsync(id, timeout.Token);
        using var configuration = new DockerClientConfiguration(new Uri("unix://" + podman.Supervisor.SocketPath));
        using var docker = configuration.CreateClient();
        var inspected = await docker.Containers.InspectContainerAsync(CreateParameters.ContainerName(id), timeout.Token);
        Assert.False(inspected.HostConfig.Privileged);
        Assert.NotEqual("host", inspected.HostConfig.NetworkMode);
        Assert.NotEqual("host", inspected.HostConfig.PidMode);
        Assert.NotEqual("host", inspected.HostConfig.IpcMode);
        Assert.True(inspected.HostConfig.Binds is null || inspected.HostConfig.Binds.All(bind => !bind.StartsWith('/')), $"binds: {string.Join(", ", inspected.HostConfig.Binds ?? [])}");
        var mount = Assert.Single(inspected.Mounts);
        Assert.Equal("volume", mount.Type);
        Assert.Equal(CreateParameters.VolumeName(id), mount.Name);
        Assert.Equal("/data", mount.Destination);

        // Seen from inside: the bounding set is exactly sshd's capabilities, and the host's processes are invisible.
        var status = await Engine.ExecAsync(id, ["grep", "-E", "^CapBnd:", "/proc/1/status"], timeout.Token);
        var bounding = Convert.ToUInt64(status.Output.Split(':')[1].Trim(), 16);
        var expected = new[] { 0, 1, 3, 5, 6, 7, 10, 18, 29 } // CHOWN DAC_OVERRIDE FOWNER KILL SETGID SETUID NET_BIND_SERVICE SYS_CHROOT AUDIT_WRITE
            .Aggregate(0UL, (mask, bit) => mask | (1UL << bit));
        Assert.Equal(expected, bounding);
        var processes = await Engine.ExecAsync(id, ["bash", "-c", "ls -d /proc/[0-9]* | wc -l"], timeout.Token);
        Assert.True(int.Parse(processes.Output.Trim(), CultureInfo.InvariantCulture) < 10, $"the container sees {processes.Output.Trim()} processes: the host's PID namespace?");
    }

    [Fact]
    public async Task Create_UnknownImage_FailsClearlyAndCreatesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var id = podman.NewId("noimage");

        var error = await Assert.ThrowsAsync<ContainerEngineException>(
            () => Engine.CreateAsync(new ContainerSpec(id, podman.Owner, Image: "eddcloud/does-not-exist:1"), timeout.Token));

        Assert.Contains("image 'eddcloud/does-not-exist:1' is not present on this node", error.Message, StringComparison.Ordinal);
        Assert.Null(await Engine.InspectAsync(id, timeout.Token));
        Assert.False(await Engine.VolumeExistsAsync(id, timeout.Token));
        Assert.DoesNotContain(id, await Engine.ListIdsAsync(podman.Owner, timeout.Token));
    }

    [Fact]
    public async Task Create_BadSpec_IsRefusedBeforeTheEngineIsAsked()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<ArgumentException>(() => Engine.CreateAsync(new ContainerSpec("Bad Id", podman.Owner), timeout.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => Engine.CreateAsync(new ContainerSpec(podman.NewId("cpu"), podman.Owner, Cpus: -1m), timeout.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => Engine.CreateAsync(new ContainerSpec(podman.NewId("mem"), podman.Owner, MemoryBytes: 1024), timeout.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => Engine.CreateAsync(
            new ContainerSpec(podman.NewId("env"), podman.Owner, Environment: new Dictionary<string, string> { ["A;rm -rf /"] = "x" }), timeout.Token));
        var left = await Engine.ListIdsAsync(podman.Owner, timeout.Token);
        Assert.DoesNotContain(left, found => found.StartsWith("cpu-", StringComparison.Ordinal) || found.StartsWith("mem-", StringComparison.Ordinal) || found.StartsWith("env-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sshd_InTheBaseImage_AnswersWithItsBannerOnAPortPublishedOnLoopback()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var id = podman.NewId("sshd");
        var clock = Stopwatch.StartNew();
        await Engine.CreateAsync(new ContainerSpec(id, podman.Owner, MemoryBytes: 128 * MiB, PidsLimit: 64, Ports: [22],
            Command: ["bash", "-c", "mkdir -p /run/sshd; ssh-keygen -A; exec /usr/sbin/sshd -D -e"]), timeout.Token);
        await Engine.StartAsync(id, timeout.Token);
        var info = await Engine.InspectAsync(id, timeout.Token);
        Assert.NotNull(info);
        Assert.True(info.Ports.TryGetValue(22, out var hostPort), $"port 22 not published: {string.Join(", ", info.Ports)}");

        var banner = await ReadBannerAsync(hostPort, id, timeout.Token);
        output.WriteLine($"create->sshd banner: {clock.Elapsed.TotalMilliseconds:F0} ms on 127.0.0.1:{hostPort}");
        Assert.StartsWith("SSH-2.0-", banner, StringComparison.Ordinal);
    }

    private async Task<string> ReadBannerAsync(int port, string id, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                using var stream = client.GetStream();
                using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                read.CancelAfter(TimeSpan.FromSeconds(10));
                var buffer = new byte[256];
                var count = await stream.ReadAsync(buffer, read.Token);
                if (count > 0)
                {
                    return Encoding.ASCII.GetString(buffer, 0, count);
                }

                last = new IOException("the connection closed before a banner (sshd not listening yet)");
            }
            catch (Exception exception) when (exception is SocketException or IOException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = exception;
            }

            await Task.Delay(200, cancellationToken);
        }

        var state = await Engine.InspectAsync(id, cancellationToken);
        throw new TimeoutException($"no SSH banner on 127.0.0.1:{port} within 60 s; container {state?.State} exit {state?.ExitCode}: {last?.Message}");
    }

    private async Task<string> ReadFirstAsync(string id, string[] paths, CancellationToken cancellationToken)
    {
        var script = string.Join(" || ", paths.Select(path => $"cat '{path}' 2>/dev/null"));
        var result = await Engine.ExecAsync(id, ["bash", "-c", script], cancellationToken);
        Assert.True(result.ExitCode == 0, $"none of {string.Join(", ", paths)} could be read: {result.Error}");
        return result.Output.Trim();
    }
}
