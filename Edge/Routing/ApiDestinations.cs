using System.Collections.Immutable;
using EddCloud.Grains.Routing;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge.Routing;

/// <summary>
/// The silos' API URLs: the configured ones plus those the silos report, read every few seconds. Requests take them
/// in turn; one that refused a connection is passed over for a few seconds.
/// </summary>
public sealed partial class ApiDestinations(IClusterClient cluster, IOptions<EdgeOptions> options, TimeProvider time, ILogger<ApiDestinations> logger)
    : BackgroundService
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FailurePenalty = TimeSpan.FromSeconds(5);
    private readonly ImmutableArray<string> _configured = [.. options.Value.ApiUrls.Select(url => url.TrimEnd('/'))];
    private readonly Dictionary<string, long> _failedUntil = new(StringComparer.Ordinal);
    private ImmutableArray<string> _all = [];
    private int _next;

    /// <summary>The configured URLs and those the silos reported, combined when the reports are read (not per request).</summary>
    public ImmutableArray<string> All => _all.IsDefaultOrEmpty ? _configured : _all;

    /// <summary>The destinations to try for one request, healthy ones first, starting at the next in turn.</summary>
    public IReadOnlyList<string> Order()
    {
        var all = All;
        if (all.IsEmpty)
            return [];
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)all.Length);
        var rotated = all.Skip(start).Concat(all.Take(start)).ToList();
        var now = time.GetTimestamp();
        lock (_failedUntil)
            return [.. rotated.OrderBy(url => _failedUntil.TryGetValue(url, out var until) && until > now ? 1 : 0)];
    }

    public void ReportFailure(string url)
    {
        lock (_failedUntil)
            _failedUntil[url] = time.GetTimestamp() + (long)(FailurePenalty.TotalSeconds * time.TimestampFrequency);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        do
        {
            try
            {
                var reported = await cluster.GetGrain<IApiNodesGrain>(0).ListAsync().WaitAsync(stoppingToken);
                _all = [.. _configured.Union(reported, StringComparer.Ordinal)];
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogRefreshFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 9220, Level = LogLevel.Debug, Message = "Could not read the silos' API addresses; the last ones stay in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
