using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Dfs.Storage;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

public static class DfsServiceCollectionExtensions
{
    /// <summary>The file system on this node: options, the chunk store, the data plane, the coordinator and the heartbeat.</summary>
    public static IServiceCollection AddDfs(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddOptions<DfsOptions>().BindConfiguration(DfsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DfsOptions>, DfsOptionsValidator>();
        // Before the data plane's TryAdd defaults: this node reports corruption to the chunk grains.
        services.AddSingleton<ICorruptionReporter, GrainCorruptionReporter>();
        services.AddDfsStorage(configuration, dataDirectory);
        services.AddDataPlane(configuration);
        services.AddSingleton<DfsFiles>();
        services.AddSingleton<ChunkServerHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<ChunkServerHeartbeat>());
        services.AddSingleton<Hosting.IReadinessCheck>(sp => sp.GetRequiredService<ChunkServerHeartbeat>());
        return services;
    }
}
