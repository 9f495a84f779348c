using EddCloud.Silo.Compute;
using EddCloud.Silo.Compute.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EddCloud.Tests.Compute;

/// <summary>
/// A host with only Compute registered the way the silo registers it: its supervisor starts a real
/// <c>podman system service</c> on a socket under a temporary data directory. Every container the tests create is
/// owned by <see cref="Owner"/> (unique per run), and all of them are removed, with their volumes, at the end.
/// </summary>
public sealed class PodmanFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("edd-c-").FullName;
    private IHost? host;

    public string Owner { get; } = "test-" + Guid.NewGuid().ToString("N")[..12];

    public ContainerEngine Engine => host!.Services.GetRequiredService<ContainerEngine>();

    public PodmanServiceSupervisor Supervisor => host!.Services.GetRequiredService<PodmanServiceSupervisor>();

    public static IHost BuildHost(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddLogging();
        builder.Services.AddContainerEngine(builder.Configuration, dataDirectory);
        return builder.Build();
    }

    /// <summary>A new container id, unique per test run.</summary>
    public string NewId(string what) => $"{what}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        host = BuildHost(dataDirectory);
        await host.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Supervisor.GetSocketPathAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                foreach (var id in await Engine.ListIdsAsync(Owner, timeout.Token))
                {
                    await Engine.RemoveAsync(id, timeout.Token);
                }
            }
            finally
            {
                await host.StopAsync();
                host.Dispose();
            }
        }

        Directory.Delete(dataDirectory, recursive: true);
    }
}
