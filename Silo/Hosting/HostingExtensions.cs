using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Hosting;

public static class HostingExtensions
{
    /// <summary>The largest JSON body an API endpoint accepts. Upload endpoints raise it for themselves.</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>Settings, the error pipeline, request limits and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddEddHosting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EddOptions>().Bind(builder.Configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EddOptions>, EddOptionsValidator>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            var status = c.ProblemDetails.Status ?? c.HttpContext.Response.StatusCode;
            c.ProblemDetails.Extensions.TryAdd("code", Problems.CodeOf(status));
            c.ProblemDetails.Type ??= Problems.TypeOf(Problems.CodeOf(status));
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed JSON must reach the exception handler, which says what was wrong, in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.MaxDepth = 32;
            // A number is a JSON number: "5" where a number belongs is a validation error (the web defaults accept it),
            // and the OpenAPI document says integer, not "integer or a string of digits".
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            // Enums travel as words ("private", "succeeded"), as docs/api.md writes them.
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxJsonBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
        services.AddOpenApi("v1");
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EddOptions>>((forwarded, edd) =>
        {
            // Only the edges' word counts; the defaults already trust loopback. The host the user typed matters for
            // links the API hands out (shares) and for checking where a WebSocket was opened from.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.ForwardLimit = 1;
            foreach (var proxy in edd.Value.TrustedProxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                    forwarded.KnownIPNetworks.Add(network);
                else if (System.Net.IPAddress.TryParse(proxy, out var address))
                    forwarded.KnownProxies.Add(address);
            }
        });
        services.AddNodePinnedPlacement();
        services.AddHostedService<StartupBanner>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>
    /// Grains pinned to a node (<see cref="Grains.Hosting.NodePinnedPlacement"/>) find their silo by its name, which is
    /// the node's name: the DFS's chunk servers and Compute's node agents both rely on it.
    /// </summary>
    public static IServiceCollection AddNodePinnedPlacement(this IServiceCollection services)
    {
        services.AddPlacementDirector<Grains.Hosting.NodePinnedPlacement, NodePinnedPlacementDirector>();
        services.AddOptions<Orleans.Configuration.SiloOptions>().Configure<IOptions<EddOptions>>((silo, edd) => silo.SiloName = edd.Value.NodeName);
        return services;
    }

    public static WebApplication UseEddHosting(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Request.Path.StartsWithSegments("/api"))
                await Problems.WriteAsync(http, http.Response.StatusCode, Problems.CodeOf(http.Response.StatusCode),
                    http.Response.StatusCode == 404 ? "There is no such API endpoint; see /api/openapi.json." : "The request could not be served.");
        });
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/api"))
                context.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
        app.MapOpenApi("/api/openapi.json");
        return app;
    }
}
