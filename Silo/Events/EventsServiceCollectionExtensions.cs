using EddCloud.Silo.Hosting;
using EddCloud.Grains.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// The event bus: <see cref="NatsOptions"/> (validated at start), the local nats-server supervisor, the shared
    /// connection, <see cref="IEventPublisher"/> and the consumer host for every registered <see cref="IEventHandler"/>.
    /// Call it before <c>UseOrleans</c> so the local server starts before the silo (grains publish); publishing
    /// earlier still works because the connection waits for the server.
    /// </summary>
    /// <param name="dataDirectory">The silo's data directory; the local server stores JetStream data in its <c>nats</c> folder.</param>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        services.AddOptions<NatsOptions>().Bind(configuration.GetSection(NatsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NatsOptions>, NatsOptionsValidator>());

        services.TryAddSingleton(provider => new NatsServerSupervisor(
            provider.GetRequiredService<IOptions<NatsOptions>>(),
            provider.GetRequiredService<ILogger<NatsServerSupervisor>>(),
            dataDirectory));
        services.AddHostedService(provider => provider.GetRequiredService<NatsServerSupervisor>());
        services.TryAddSingleton<NatsConnectionProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, EventBusReadiness>());
        services.TryAddSingleton<IEventPublisher, JetStreamEventPublisher>();
        services.AddHostedService<EventConsumerHost>();
        return services;
    }
}
