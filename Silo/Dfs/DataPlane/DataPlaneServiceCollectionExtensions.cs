using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.DataPlane;

public static class DataPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Registers the data plane: options (section "Dfs"), tokens, the endpoints' gate, the typed
    /// <see cref="DataPlaneClient"/> with pooled keep-alive connections, and a no-op
    /// <see cref="ICorruptionReporter"/> unless one is registered. <see cref="Storage.IChunkStore"/> and the
    /// signing keys (<c>AddUsers</c>) come from their own capabilities.
    /// </summary>
    public static IServiceCollection AddDataPlane(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DataPlaneOptions>().Bind(configuration.GetSection(DataPlaneOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataPlaneOptions>, DataPlaneOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Users.Tokens.SigningKeyStore>();
        services.TryAddSingleton<Users.Tokens.JwksCache>();
        services.TryAddSingleton<DataPlaneTokens>();
        services.TryAddSingleton<DataPlaneAddress>();
        services.TryAddSingleton<DataPlaneGate>();
        services.TryAddSingleton<ICorruptionReporter, NoCorruptionReporter>();

        services.AddHttpClient<DataPlaneClient>(http =>
            {
                // Each step has its own deadline (StepTimeout); a whole chunk transfer has none.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestVersion = HttpVersion.Version11;
                http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                ConnectTimeout = provider.GetRequiredService<IOptions<DataPlaneOptions>>().Value.StepTimeout,
                // Below Kestrel's 130 s keep-alive, so the client never reuses a connection the server just closed.
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
                PooledConnectionLifetime = TimeSpan.FromMinutes(15),
                MaxConnectionsPerServer = int.MaxValue,
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                Expect100ContinueTimeout = TimeSpan.FromSeconds(1),
            })
            // One long-lived handler: the pool (and its keep-alive connections) is never thrown away.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }
}
