using EddCloud.Grains.Users;

namespace EddCloud.Silo.Hosting;

/// <summary>/healthz: the process answers. /readyz: the grains and their store answer, and every capability's <see cref="IReadinessCheck"/> (the event bus, the chunk server) passes.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok", null))).WithName("Health").ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).WithName("Ready").ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ReadyAsync(IGrainFactory grains, IEnumerable<IReadinessCheck> checks, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
            return TypedResults.Json(new HealthResponse("starting or stopping", null), statusCode: 503);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await grains.GetGrain<IJwksGrain>(IJwksGrain.Key).ListAsync().WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Json(new HealthResponse("grains unavailable", ex.GetType().Name), statusCode: 503);
        }
        foreach (var check in checks)
        {
            if (await check.CheckAsync(timeout.Token) is { } problem)
                return TypedResults.Json(new HealthResponse("not ready", problem), statusCode: 503);
        }
        return TypedResults.Ok(new HealthResponse("ready", null));
    }

    public sealed record HealthResponse(string Status, string? Problem);
}
