using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.Disks;

public static class DfsStorageServiceCollectionExtensions
{
    /// <summary>
    /// This node's chunk storage: <see cref="DfsStorageOptions"/> (validated at start) and <see cref="FileChunkStore"/>
    /// as the singleton <see cref="IChunkStore"/> (TryAdd, so tests can replace it).
    /// </summary>
    /// <param name="dataDirectory">The silo's data directory; without configured chunk directories, replicas go to its <c>chunks</c> folder.</param>
    public static IServiceCollection AddDfsStorage(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        services.AddOptions<DfsStorageOptions>()
            .Bind(configuration.GetSection(DfsStorageOptions.Section))
            .PostConfigure(options =>
            {
                if (options.ChunkDirectories.Count == 0)
                    options.ChunkDirectories.Add(Path.Combine(Path.GetFullPath(dataDirectory), "chunks"));
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DfsStorageOptions>, DfsStorageOptionsValidator>());
        services.TryAddSingleton<IChunkStore, FileChunkStore>();
        return services;
    }
}
