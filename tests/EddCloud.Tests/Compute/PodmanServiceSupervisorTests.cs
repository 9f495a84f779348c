using System.Diagnostics;
using EddCloud.Silo.Compute.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.Compute;

[IntegrationTest]
public sealed class PodmanServiceSupervisorTests : IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("edd-c-").FullName;

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task NoSocketConfigured_StartsPodmanThatAnswers_AndStopsItWithTheHost()
    {
        using var host = PodmanFixture.BuildHost(dataDirectory);
        await host.StartAsync();
        var supervisor = host.Services.GetRequiredService<PodmanServiceSupervisor>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var socket = await supervisor.GetSocketPathAsync(timeout.Token);

        Assert.Equal(Path.Combine(dataDirectory, "podman", "podman.sock"), socket);
        Assert.True(await PodmanServiceSupervisor.PingAsync(socket, timeout.Token), "the engine does not answer /_ping");
        var pid = supervisor.ProcessId ?? throw new InvalidOperationException("no podman process after start");

        await host.StopAsync(timeout.Token);

        Assert.False(ProcessIds.IsRunning(pid), $"podman {pid} still runs after the host stopped");
        Assert.False(await PodmanServiceSupervisor.PingAsync(socket, timeout.Token), "something still answers on the socket");
    }

    [Fact]
    public async Task PodmanMissing_TheHostStarts_AndTheEngineSaysHowToInstallIt()
    {
        using var host = PodmanFixture.BuildHost(dataDirectory, new Dictionary<string, string?> { ["Compute:PodmanPath"] = "/nonexistent/podman" });
        await host.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<ContainerEngineUnavailableException>(
            () => host.Services.GetRequiredService<ContainerEngine>().InspectAsync("anything", timeout.Token));

        Assert.Equal("no container engine: install podman (scripts/install-deps.sh)", error.Message);
        await host.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task InvalidOptions_FailTheStartNamingTheSetting()
    {
        using var host = PodmanFixture.BuildHost(dataDirectory, new Dictionary<string, string?>
        {
            ["Compute:EngineSocket"] = "relative.sock",
            ["Compute:DefaultCpus"] = "0",
        });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("EDD_COMPUTE__ENGINE_SOCKET", error.Message, StringComparison.Ordinal);
        Assert.Contains("EDD_COMPUTE__DEFAULT_CPUS", error.Message, StringComparison.Ordinal);
    }
}
