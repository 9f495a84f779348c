using EddCloud.Grains.Routing;

namespace EddCloud.Edge.Routing;

/// <summary>
/// Keeps this edge's copy of the route table current: the route table grain pushes each change to this observer the
/// moment it is saved, and the subscription is renewed (and the version compared) every few seconds, which also
/// covers a push lost while the grain moved or the cluster was unreachable.
/// </summary>
public sealed partial class RouteTableSubscription(IClusterClient cluster, ILogger<RouteTableSubscription> logger)
    : BackgroundService, IRouteTableObserver
{
    private static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private volatile EdgeRouteTable _table = EdgeRouteTable.Empty;

    public EdgeRouteTable Table => _table;

    public void RouteTableChanged(RouteTable table) => Apply(table);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = cluster.CreateObjectReference<IRouteTableObserver>(this);
        var grain = cluster.GetGrain<IRouteTableGrain>(0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    var version = await grain.SubscribeAsync(reference).WaitAsync(stoppingToken);
                    if (version != _table.Version)
                        Apply(await grain.GetAsync().WaitAsync(stoppingToken));
                    wait = RenewInterval;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSubscribeFailed(logger, exception);
                    wait = RetryInterval;
                }

                await Task.Delay(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            cluster.DeleteObjectReference<IRouteTableObserver>(reference);
        }
    }

    private void Apply(RouteTable table)
    {
        // Pushes and reads may cross: an older table never replaces a newer one.
        lock (_gate)
        {
            if (table.Version < _table.Version)
                return;
            _table = new EdgeRouteTable(table);
        }

        LogApplied(logger, table.Version, table.Routes.Length);
    }

    [LoggerMessage(EventId = 9210, Level = LogLevel.Information, Message = "Route table version {Version} in use ({Count} routes)")]
    private static partial void LogApplied(ILogger logger, long version, int count);

    [LoggerMessage(EventId = 9211, Level = LogLevel.Warning, Message = "Could not read or subscribe to the route table; the edge keeps its last copy and tries again")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);
}
