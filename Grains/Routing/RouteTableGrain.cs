using System.Collections.Immutable;
using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace EddCloud.Grains.Routing;

[GenerateSerializer, Alias("edd.routing.route-table-state")]
public sealed record RouteTableState
{
    [Id(0)] public long Version { get; init; }
    [Id(1)] public ImmutableArray<Route> Routes { get; init; } = [];
}

internal sealed class RouteTableGrain(
    [PersistentState("route-table", StorageNames.Default)] IPersistentState<RouteTableState> state,
    IOptions<ComputeOptions> compute,
    TimeProvider time,
    ILogger<RouteTableGrain> logger) : Grain, IRouteTableGrain
{
    // Edges subscribe again well within this; a lost subscription costs at most one resubscribe period.
    private readonly ObserverManager<IRouteTableObserver> _observers = new(TimeSpan.FromMinutes(1), logger);

    private RouteTable Table => new(state.State.Version, state.State.Routes);

    public Task<RouteTable> GetAsync() => Task.FromResult(Table);

    public async Task<Route> AddAsync(RouteSpec spec)
    {
        var valid = Validate(spec);
        if (state.State.Routes.Length >= RouteRules.MaxRoutes)
            throw EddException.Conflict($"There are {RouteRules.MaxRoutes} routes already; remove one first.");
        RequireFree(valid, except: null);
        var route = new Route(Guid.NewGuid(), valid.Host!, valid.PathPrefix!, valid.StripPrefix, valid.Backend!, RouteSource.Api, time.GetUtcNow());
        await SaveAsync(state.State.Routes.Add(route));
        return route;
    }

    public async Task<Route> UpdateAsync(Guid id, RouteSpec spec)
    {
        var current = Find(id);
        RequireApiOwned(current);
        var valid = Validate(spec);
        RequireFree(valid, except: id);
        var route = current with { Host = valid.Host!, PathPrefix = valid.PathPrefix!, StripPrefix = valid.StripPrefix, Backend = valid.Backend!, UpdatedAt = time.GetUtcNow() };
        await SaveAsync(state.State.Routes.Replace(current, route));
        return route;
    }

    public async Task RemoveAsync(Guid id)
    {
        var current = Find(id);
        RequireApiOwned(current);
        await SaveAsync(state.State.Routes.Remove(current));
    }

    public async Task<RouteFileSync> SyncFileAsync(ImmutableArray<RouteSpec> routes)
    {
        var wanted = new List<RouteSpec>();
        for (var index = 0; index < routes.Length; index++)
        {
            try
            {
                wanted.Add(Validate(routes[index]));
            }
            catch (EddException exception)
            {
                throw EddException.Validation($"routes[{index}].{exception.Field}", $"Route {index + 1} of routes.yaml: {exception.Message}");
            }
        }

        if (wanted.GroupBy(Key).FirstOrDefault(group => group.Count() > 1) is { } twice)
            throw EddException.Validation("routes", $"routes.yaml names {twice.Key} more than once.");

        var now = time.GetUtcNow();
        var byKey = state.State.Routes.ToDictionary(Key);
        var next = state.State.Routes.Where(route => route.Source == RouteSource.Api || wanted.Any(spec => Key(spec) == Key(route))).ToList();
        int added = 0, changed = 0, unchanged = 0;
        foreach (var spec in wanted)
        {
            if (byKey.TryGetValue(Key(spec), out var existing))
            {
                var updated = existing with { StripPrefix = spec.StripPrefix, Backend = spec.Backend!, Source = RouteSource.File };
                if (updated == existing)
                {
                    unchanged++;
                    continue;
                }

                next[next.IndexOf(existing)] = updated with { UpdatedAt = now };
                changed++;
            }
            else
            {
                next.Add(new Route(Guid.NewGuid(), spec.Host!, spec.PathPrefix!, spec.StripPrefix, spec.Backend!, RouteSource.File, now));
                added++;
            }
        }

        var removed = state.State.Routes.Length - (next.Count - added);
        if (next.Count > RouteRules.MaxRoutes)
            throw EddException.Validation("routes", $"routes.yaml would make {next.Count} routes; at most {RouteRules.MaxRoutes} are allowed.");
        if (added + changed + removed > 0)
            await SaveAsync([.. next]);
        return new RouteFileSync(added, changed, removed, unchanged);
    }

    public Task<long> SubscribeAsync(IRouteTableObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.FromResult(state.State.Version);
    }

    public Task UnsubscribeAsync(IRouteTableObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task SaveAsync(ImmutableArray<Route> routes)
    {
        state.State = state.State with { Version = state.State.Version + 1, Routes = [.. routes.OrderBy(route => route.Host, StringComparer.Ordinal).ThenByDescending(route => route.PathPrefix.Length)] };
        await state.WriteStateAsync();
        var table = Table;
        _observers.Notify(observer => observer.RouteTableChanged(table));
    }

    private RouteSpec Validate(RouteSpec spec) => RouteRules.Validate(spec, compute.Value.AppsDomain);

    private Route Find(Guid id) =>
        state.State.Routes.FirstOrDefault(route => route.Id == id) ?? throw EddException.NotFound($"There is no route {id}; list them with GET /api/admin/routes.");

    private static void RequireApiOwned(Route route)
    {
        if (route.Source == RouteSource.File)
            throw EddException.Conflict($"The route for {route.Host}{route.PathPrefix} comes from routes.yaml; change it in that file (the edge reloads it).");
    }

    private void RequireFree(RouteSpec spec, Guid? except)
    {
        if (state.State.Routes.FirstOrDefault(route => route.Id != except && Key(route) == Key(spec)) is { } taken)
            throw EddException.Conflict($"A route for {taken.Host}{taken.PathPrefix} exists already (id {taken.Id}); change that one.", "pathPrefix");
    }

    private static string Key(Route route) => route.Host + route.PathPrefix;

    private static string Key(RouteSpec spec) => spec.Host + spec.PathPrefix;
}
