using System.Collections.Immutable;

namespace EddCloud.Grains.Routing;

/// <summary>
/// The static routes of the whole cloud (one grain, key 0), kept durable and pushed to every subscribed edge on each
/// change. Routes from routes.yaml are owned by the file: the API refuses to edit them.
/// </summary>
[Alias("edd.routing.IRouteTableGrain")]
public interface IRouteTableGrain : IGrainWithIntegerKey
{
    [Alias("get")] Task<RouteTable> GetAsync();

    [Alias("add")] Task<Route> AddAsync(RouteSpec spec);

    [Alias("update")] Task<Route> UpdateAsync(Guid id, RouteSpec spec);

    [Alias("remove")] Task RemoveAsync(Guid id);

    /// <summary>
    /// Makes the file's routes the table's file routes: adds the new ones, changes those whose backend or prefix
    /// stripping changed, and removes file routes the file no longer has. All of the file is checked before anything
    /// changes.
    /// </summary>
    [Alias("sync-file")] Task<RouteFileSync> SyncFileAsync(ImmutableArray<RouteSpec> routes);

    /// <summary>Pushes every later change to <paramref name="observer"/>; subscribe again within a minute to stay subscribed. Returns the current version.</summary>
    [Alias("subscribe")] Task<long> SubscribeAsync(IRouteTableObserver observer);

    [Alias("unsubscribe")] Task UnsubscribeAsync(IRouteTableObserver observer);
}

/// <summary>An edge's receiver of route table changes.</summary>
[Alias("edd.routing.IRouteTableObserver")]
public interface IRouteTableObserver : IGrainObserver
{
    [Alias("changed")] void RouteTableChanged(RouteTable table);
}
