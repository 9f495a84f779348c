using EddCloud.Silo.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EddCloud.Tests.Events;

/// <summary>A host with only the event bus, configured the way the silo configures it.</summary>
internal static class EventsTestHost
{
    public static IHost Build(string dataDirectory, IReadOnlyDictionary<string, string?> settings, params IEventHandler[] handlers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEvents(builder.Configuration, dataDirectory);
        foreach (var handler in handlers)
        {
            builder.Services.AddSingleton(handler);
        }

        return builder.Build();
    }

    /// <summary>A started host connected to an existing server.</summary>
    public static async Task<IHost> StartAsync(NatsServerFixture nats, params IEventHandler[] handlers)
    {
        var host = Build(nats.StoreDirectory, new Dictionary<string, string?> { ["Nats:Url"] = nats.Url }, handlers);
        await host.StartAsync();
        return host;
    }
}
