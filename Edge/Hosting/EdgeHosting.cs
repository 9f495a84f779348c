using System.Net;
using System.Security.Authentication;
using System.Threading.RateLimiting;
using EddCloud.Edge.Tls;
using EddCloud.Edge.Routing;
using EddCloud.Grains.Compute;
using EddCloud.Grains.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using EddCloud.Edge.Http;

namespace EddCloud.Edge.Hosting;

public static partial class EdgeHosting
{
    /// <summary>The edge's services: options, the cluster client, certificates, routing and the forwarder.</summary>
    public static WebApplicationBuilder AddEdge(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<EdgeOptions>().Bind(builder.Configuration.GetSection(EdgeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>();
        services.AddOptions<ComputeOptions>().Bind(builder.Configuration.GetSection(ComputeOptions.Section));
        services.AddOptions<ClusterOptions>().Bind(builder.Configuration.GetSection(ClusterOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        builder.UseOrleansClient(client =>
        {
            if (cluster.IsCluster)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = cluster.Postgres;
                });
                client.Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                });
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            // The silo may start after the edge, or restart under it: keep trying, never give up.
            client.UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                return true;
            });
        });

        services.AddSingleton<EdgeCertificates>();
        services.AddHostedService(provider => provider.GetRequiredService<EdgeCertificates>());
        services.AddSingleton<TrustedProxies>();
        services.AddSingleton<AccessLog>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessLog>());
        services.AddSingleton<RouteTableSubscription>();
        services.AddHostedService(provider => provider.GetRequiredService<RouteTableSubscription>());
        services.AddSingleton<ApiDestinations>();
        services.AddHostedService(provider => provider.GetRequiredService<ApiDestinations>());
        services.AddHostedService<RoutesFile>();
        services.AddHostedService<EdgeBanner>();
        services.AddMemoryCache(o => o.SizeLimit = 100_000);
        services.AddSingleton<Ssh.SshGatewayHostKey>();
        services.AddSingleton<Ssh.SshGatewayResolver>();
        services.AddSingleton<Ssh.ContainerSshConnector>();
        services.AddSingleton<Ssh.WebTerminal>();
        services.AddHostedService<Ssh.SshGateway>();
        services.AddHostedService<Ssh.SshGatewayKeyReporter>();
        services.AddSingleton<IngressResolver>();
        services.AddSingleton<EdgeForwardingClient>();
        services.AddSingleton<EdgeProxy>();
        services.AddHttpForwarder();
        services.AddProblemDetails();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<EdgeOptions>, TrustedProxies>((limiter, options, proxies) =>
        {
            var edge = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            if (edge.RequestsPerSecondPerIp == 0)
                return;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(proxies.ClientAddress(context)?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = edge.RequestBurstPerIp,
                    TokensPerPeriod = edge.RequestsPerSecondPerIp,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (rejected, _) =>
                await EdgePages.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "This address sent more requests than the edge allows per second. Wait a moment and try again.", retryAfterSeconds: 1);
        });

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var edge = context.Configuration.GetSection(EdgeOptions.Section).Get<EdgeOptions>() ?? new EdgeOptions();
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = edge.MaxRequestBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = edge.RequestHeadersTimeout;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 10_000;
            var address = IPAddress.Parse(edge.ListenAddress);
            kestrel.Listen(address, edge.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    https.ServerCertificateSelector = (_, name) => kestrel.ApplicationServices.GetRequiredService<EdgeCertificates>().Select(name);
                });
            });
            if (edge.HttpPort != 0)
                kestrel.Listen(address, edge.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        return builder;
    }

    /// <summary>The edge's pipeline: request ids and the access log, HTTP to HTTPS, HSTS, rate limits, then routing.</summary>
    public static WebApplication UseEdge(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var edge = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        app.UseRequestIdsAndAccessLog();
        app.Use(async (context, next) =>
        {
            if (!context.Request.IsHttps)
            {
                // Plain HTTP only ever redirects; 308 keeps the method and body of API calls.
                var host = new HostString(context.Request.Host.Host, edge.HttpsPort);
                if (edge.HttpsPort == 443)
                    host = new HostString(context.Request.Host.Host);
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = $"https://{host}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
                return;
            }

            if (edge.HstsMaxAge > TimeSpan.Zero)
                context.Response.Headers.StrictTransportSecurity = $"max-age={(long)edge.HstsMaxAge.TotalSeconds}";
            await next(context);
        });
        app.UseWebSockets();
        app.UseRateLimiter();
        var proxy = app.Services.GetRequiredService<EdgeProxy>();
        app.Run(proxy.InvokeAsync);
        return app;
    }
}
