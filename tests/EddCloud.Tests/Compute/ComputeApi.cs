using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.Compute;

public sealed record AddressBody(int Port, int HostPort, string Host);

public sealed record IngressBody(string Name, int Port, string? PathPrefix, string Url, Guid ContainerId);

public sealed record SshBody(string Command, List<string> HostKeys);

public sealed record ContainerBody(
    Guid Id, string Name, Guid OwnerId, string Owner, string Image, decimal Cpus, long MemoryBytes, long PidsLimit,
    Dictionary<string, string> Env, List<string> Command, List<int> Ports, string RestartPolicy, bool Volume, List<Guid> AllowedKeys,
    string DesiredState, string Status, string? StatusReason, string? Node, List<AddressBody> Addresses, long? ExitCode, int RestartCount,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset UpdatedAt, List<IngressBody> Ingress, SshBody? Ssh)
{
    public int HostPort(int port) => Addresses.Single(address => address.Port == port).HostPort;

    /// <summary>The engine's name of this container.</summary>
    public string EngineName => $"edd-{Id:N}";
}

public sealed record ContainerPageBody(List<ContainerBody> Items, string? Next);

public sealed record ComputeUsageBody(int Containers, int MaxContainers, decimal Cpus, decimal MaxCpus, long MemoryBytes, long MaxMemoryBytes);

public sealed record LogLineBody(DateTimeOffset Time, string Stream, string Text);

public sealed record StatsBody(DateTimeOffset Time, double CpuPercent, long MemoryBytes, long MemoryLimitBytes, long NetworkRxBytes, long NetworkTxBytes, long Pids, int RestartCount, bool Running);

/// <summary>The compute API as tests call it, and the podman CLI for what a test does behind the cloud's back.</summary>
public static class ComputeApi
{
    /// <summary>Silo settings for compute tests: the node watcher looks every second.</summary>
    public static Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string> { ["EDD_COMPUTE__WATCH_INTERVAL"] = "00:00:01" };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }

    public static async Task<ContainerBody> CreateAsync(HttpClient owner, object body)
    {
        using var response = await owner.PostAsJsonAsync("/api/containers", body);
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, "create container");
        return (await response.Content.ReadFromJsonAsync<ContainerBody>(StorageApi.Json))!;
    }

    public static string NewName(string what = "c") => $"{what}-{Guid.NewGuid().ToString("N")[..8]}";

    public static async Task<ContainerBody> GetAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/containers/{id}");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "get container");
        return (await response.Content.ReadFromJsonAsync<ContainerBody>(StorageApi.Json))!;
    }

    public static async Task<ContainerBody> ActAsync(HttpClient client, Guid id, string action, object? body = null)
    {
        using var response = body is null
            ? await client.PostAsync($"/api/containers/{id}/{action}", null)
            : await client.PostAsJsonAsync($"/api/containers/{id}/{action}", body);
        await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted, action);
        return (await response.Content.ReadFromJsonAsync<ContainerBody>(StorageApi.Json))!;
    }

    /// <summary>Polls until the container satisfies <paramref name="condition"/> (at most <paramref name="seconds"/>).</summary>
    public static async Task<ContainerBody> WaitAsync(HttpClient client, Guid id, Func<ContainerBody, bool> condition, string what, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        ContainerBody? last = null;
        do
        {
            using var response = await client.GetAsync($"/api/containers/{id}");
            // A cluster that just lost a node answers 503 until its membership settles: keep polling.
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "get container");
                last = (await response.Content.ReadFromJsonAsync<ContainerBody>(StorageApi.Json))!;
                if (condition(last))
                    return last;
            }

            await Task.Delay(250);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds));
        throw new Xunit.Sdk.XunitException($"Container {last?.Name ?? id.ToString()} never got {what} within {seconds} s; last: status {last?.Status}, reason '{last?.StatusReason}', restarts {last?.RestartCount}.");
    }

    public static Task<ContainerBody> WaitRunningAsync(HttpClient client, Guid id, int seconds = 90) =>
        WaitAsync(client, id, c => c.Status == "running" && (c.Ssh is null || c.Ssh.HostKeys.Count > 0), "running", seconds);

    public static async Task<ComputeUsageBody> UsageAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/me/compute");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "compute usage");
        return (await response.Content.ReadFromJsonAsync<ComputeUsageBody>(StorageApi.Json))!;
    }

    public static async Task<List<ContainerBody>> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/containers");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "list containers");
        return (await response.Content.ReadFromJsonAsync<ContainerPageBody>(StorageApi.Json))!.Items;
    }

    public static async Task DeleteAsync(HttpClient client, Guid id)
    {
        using var response = await client.DeleteAsync($"/api/containers/{id}");
        await ApiAssert.StatusAsync(response, HttpStatusCode.NoContent, "delete container");
    }

    /// <summary>
    /// Stops a compute test's silo, then removes every container and volume its node left in the engine (they carry its
    /// node label). The silo goes first, so nothing recreates what is being removed; a slow engine delays, never leaks, it.
    /// </summary>
    public static async Task DisposeSiloAsync(SiloProcess silo)
    {
        try
        {
            await silo.DisposeAsync();
        }
        finally
        {
            await RemoveLeftoversAsync(silo);
        }
    }

    /// <summary>Removes every container and volume a test silo's node left in the engine.</summary>
    public static async Task RemoveLeftoversAsync(SiloProcess silo)
    {
        var label = $"label=eddcloud.node=node-{silo.HttpPort}";
        var cleanup = TimeSpan.FromMinutes(3);
        var (_, names, _) = await PodmanAsync(cleanup, "ps", "-a", "--filter", label, "--format", "{{.Names}}");
        foreach (var name in names.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            await PodmanAsync(cleanup, "rm", "-f", "-v", name);
        var (_, volumes, _) = await PodmanAsync(cleanup, "volume", "ls", "--filter", label, "--format", "{{.Name}}");
        foreach (var volume in volumes.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            await PodmanAsync(cleanup, "volume", "rm", "-f", volume);
    }

    /// <summary>Runs the podman CLI (the same engine storage the silo's Podman uses) and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output, string Error)> PodmanAsync(params string[] arguments) =>
        PodmanAsync(TimeSpan.FromSeconds(90), arguments);

    public static async Task<(int ExitCode, string Output, string Error)> PodmanAsync(TimeSpan limit, params string[] arguments)
    {
        try
        {
            return await ExternalTool.RunAsync("podman", arguments, limit);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} (the engine's lock is busy?)", exception);
        }
    }

    /// <summary>Whether the engine has the container (any state).</summary>
    public static async Task<bool> EngineHasAsync(ContainerBody container) =>
        (await PodmanAsync("container", "exists", container.EngineName)).ExitCode == 0;

    /// <summary>Runs a command inside the container (behind the cloud's back) and returns its output.</summary>
    public static async Task<string> ExecAsync(ContainerBody container, params string[] command)
    {
        var (code, output, error) = await PodmanAsync(["exec", container.EngineName, .. command]);
        Assert.True(code == 0, $"podman exec {string.Join(' ', command)} failed ({code}): {error}");
        return output;
    }
}
