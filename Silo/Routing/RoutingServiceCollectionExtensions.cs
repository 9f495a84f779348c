using EddCloud.Grains.Hosting;

namespace EddCloud.Silo.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>Routing's silo side: reports this silo's API to the edges (the route table itself is a grain).</summary>
    public static IServiceCollection AddEdgeRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section));
        services.AddHostedService<ApiNodeReporter>();
        return services;
    }
}
