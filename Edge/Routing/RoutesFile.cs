using System.Collections.Immutable;
using System.Security.Cryptography;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Routing;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EddCloud.Edge.Routing;

/// <summary>
/// Loads routes.yaml into the route table at start and again whenever its content changes: routes added to the file
/// are added, changed ones changed, and routes that were in the file and are no longer are removed. A file that does
/// not parse or validate changes nothing (the log says which route and why).
/// </summary>
/// <example>
/// routes:
///   - host: wiki.example.org
///     backend: http://127.0.0.1:3000
///   - host: example.org
///     pathPrefix: /docs
///     stripPrefix: true
///     backend: http://10.0.0.5:8080
/// </example>
public sealed partial class RoutesFile(IClusterClient cluster, IOptions<EdgeOptions> options, ILogger<RoutesFile> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(options.Value.RoutesFile))
            return;
        var path = Path.GetFullPath(options.Value.RoutesFile);
        byte[]? applied = null;
        using var timer = new PeriodicTimer(CheckInterval);
        do
        {
            byte[] content;
            try
            {
                content = File.Exists(path) ? await File.ReadAllBytesAsync(path, stoppingToken) : [];
            }
            catch (IOException exception)
            {
                LogUnreadable(logger, path, exception);
                continue;
            }

            var hash = SHA256.HashData(content);
            if (applied is not null && hash.AsSpan().SequenceEqual(applied))
                continue;
            if (await TryApplyAsync(path, content, stoppingToken))
                applied = hash;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> TryApplyAsync(string path, byte[] content, CancellationToken stoppingToken)
    {
        ImmutableArray<RouteSpec> routes;
        try
        {
            routes = Parse(System.Text.Encoding.UTF8.GetString(content));
        }
        catch (YamlException exception)
        {
            LogInvalid(logger, path, $"line {exception.Start.Line}: {exception.InnerException?.Message ?? exception.Message}");
            return true;
        }

        try
        {
            var sync = await cluster.GetGrain<IRouteTableGrain>(0).SyncFileAsync(routes).WaitAsync(stoppingToken);
            LogSynced(logger, path, routes.Length, sync.Added, sync.Changed, sync.Removed);
            return true;
        }
        catch (EddException exception) when (exception.Code == ErrorCodes.Validation)
        {
            LogInvalid(logger, path, exception.Message);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The cluster is unreachable: the next check tries again.
            LogSyncFailed(logger, path, exception);
            await Task.Delay(RetryInterval, stoppingToken);
            return false;
        }
    }

    /// <summary>The routes a routes.yaml holds (an empty or missing file holds none).</summary>
    internal static ImmutableArray<RouteSpec> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var document = deserializer.Deserialize<RoutesDocument?>(yaml);
        return [.. (document?.Routes ?? []).Select(entry => new RouteSpec(entry.Host, entry.PathPrefix, entry.StripPrefix, entry.Backend))];
    }

    private sealed class RoutesDocument
    {
        public List<RouteEntry>? Routes { get; set; }
    }

    private sealed class RouteEntry
    {
        public string? Host { get; set; }
        public string? PathPrefix { get; set; }
        public bool StripPrefix { get; set; }
        public string? Backend { get; set; }
    }

    [LoggerMessage(EventId = 9250, Level = LogLevel.Information, Message = "Loaded {Path}: {Count} routes ({Added} added, {Changed} changed, {Removed} removed)")]
    private static partial void LogSynced(ILogger logger, string path, int count, int added, int changed, int removed);

    [LoggerMessage(EventId = 9251, Level = LogLevel.Error, Message = "{Path} was not applied, nothing changed: {Problem}")]
    private static partial void LogInvalid(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 9252, Level = LogLevel.Warning, Message = "Could not apply {Path} yet; trying again")]
    private static partial void LogSyncFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 9253, Level = LogLevel.Warning, Message = "Could not read {Path}")]
    private static partial void LogUnreadable(ILogger logger, string path, Exception exception);
}
