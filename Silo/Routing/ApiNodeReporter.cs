using EddCloud.Grains.Hosting;
using EddCloud.Grains.Routing;
using EddCloud.Silo.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Routing;

/// <summary>
/// Tells the edges where this silo serves the REST API, every few seconds while it runs, so they spread /api over
/// the silos that are up. The URL is the first address Kestrel listens on, with a wildcard host replaced by the
/// address peers reach this node on (<see cref="ClusterOptions.AdvertisedAddress"/>, else loopback).
/// </summary>
internal sealed partial class ApiNodeReporter(
    IServer server,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    IOptions<EddOptions> edd,
    IOptions<ClusterOptions> cluster,
    ILogger<ApiNodeReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
            return;
        var url = PublicUrl(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], cluster.Value.AdvertisedAddress);
        if (url is null)
            return;
        using var timer = new PeriodicTimer(ApiNodesGrain.ReportInterval);
        do
        {
            try
            {
                await grains.GetGrain<IApiNodesGrain>(0).ReportAsync(edd.Value.NodeName, url);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReportFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal static string? PublicUrl(IEnumerable<string> addresses, string? advertised)
    {
        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
                continue;
            // Loopback stays loopback; a wildcard becomes the advertised address (loopback when there is none).
            var wildcard = uri.Host is "0.0.0.0" or "[::]" or "::";
            var host = uri.IsLoopback || (wildcard && string.IsNullOrEmpty(advertised)) ? "127.0.0.1" : wildcard ? advertised! : uri.Host;
            return new UriBuilder(uri.Scheme, host, uri.Port).Uri.ToString().TrimEnd('/');
        }

        return null;
    }

    [LoggerMessage(EventId = 9400, Level = LogLevel.Warning, Message = "Could not tell the edges where this silo's API is; they retry other silos meanwhile")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);
}
