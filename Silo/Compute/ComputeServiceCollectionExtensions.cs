using EddCloud.Grains.Compute;
using EddCloud.Silo.Compute.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute;

public static class ComputeServiceCollectionExtensions
{
    /// <summary>
    /// Compute's foundation: <see cref="ComputeOptions"/> (validated at start), the container engine supervisor (which
    /// finds Docker's socket or starts Podman, and never fails the silo when neither exists) and <see cref="ContainerEngine"/>.
    /// </summary>
    /// <param name="dataDirectory">The silo's data directory; a local Podman engine listens on its <c>podman/podman.sock</c>.</param>
    public static IServiceCollection AddContainerEngine(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        services.AddOptions<ComputeOptions>().Bind(configuration.GetSection(ComputeOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComputeOptions>, ComputeOptionsValidator>());
        services.TryAddSingleton(provider => new PodmanServiceSupervisor(
            provider.GetRequiredService<IOptions<ComputeOptions>>(),
            provider.GetRequiredService<ILogger<PodmanServiceSupervisor>>(),
            dataDirectory));
        services.AddHostedService(provider => provider.GetRequiredService<PodmanServiceSupervisor>());
        services.TryAddSingleton<ContainerEngine>();
        return services;
    }

    /// <summary>
    /// Compute in the silo: the container engine (<see cref="AddContainerEngine"/>), this node's agent for the
    /// container grains, the node watcher that feeds the reconcile loop, and the user-deleted clean-up.
    /// </summary>
    public static IServiceCollection AddCompute(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddContainerEngine(configuration, dataDirectory);
        services.TryAddSingleton<INodeAgent, NodeAgent>();
        services.AddHostedService<ContainerNodeWatcher>();
        services.AddSingleton<Events.IEventHandler, ComputeUserDeletedHandler>();
        return services;
    }
}
