using EddCloud.Grains.Dfs;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Dfs.Disks;
using EddCloud.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

public static class DfsServiceCollectionExtensions
{
    /// <summary>
    /// The file system on this node: options, the chunk store (metered), the data plane, the coordinator,
    /// the chunk server (pinned grain agent, heartbeat, maintenance, scrubber) and fsck.
    /// </summary>
    public static IServiceCollection AddDfs(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        services.AddOptions<DfsOptions>().BindConfiguration(DfsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DfsOptions>, DfsOptionsValidator>();
        // Before the data plane's TryAdd defaults: this node reports corruption to the chunk grains.
        services.AddSingleton<ICorruptionReporter, GrainCorruptionReporter>();
        services.AddDfsStorage(configuration, dataDirectory);
        services.AddMetrics();
        services.AddSingleton<DfsMetrics>();
        services.AddSingleton<FileChunkStore>();
        services.Replace(ServiceDescriptor.Singleton<IChunkStore>(sp => new MeteredChunkStore(sp.GetRequiredService<FileChunkStore>(), sp.GetRequiredService<DfsMetrics>())));
        services.AddDataPlane(configuration);
        services.AddSingleton<DfsFiles>();
        services.AddSingleton<DfsFsck>();
        services.AddChunkServer();
        return services;
    }

    /// <summary>The node's chunk server: the agent its pinned grain drives, the heartbeat, maintenance and the scrubber.</summary>
    private static IServiceCollection AddChunkServer(this IServiceCollection services)
    {
        services.AddSingleton<IChunkServerAgent, ChunkServerAgent>();
        services.AddSingleton<ChunkServerHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<ChunkServerHeartbeat>());
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<ChunkServerHeartbeat>());
        services.AddSingleton<ChunkServerMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<ChunkServerMaintenance>());
        services.AddHostedService<ChunkScrubber>();
        return services;
    }
}
