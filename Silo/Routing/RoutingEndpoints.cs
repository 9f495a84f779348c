using EddCloud.Grains.Errors;
using EddCloud.Grains.Routing;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EddCloud.Silo.Routing;

/// <summary>
/// The Routing API (docs/api.md, "Routing"): admins manage the cloud's static HTTP routes, which the edges apply
/// within a second. Routes from routes.yaml are listed but owned by the file: changing them here answers 409.
/// </summary>
public static class RoutingEndpoints
{
    public static IEndpointRouteBuilder MapRoutingEndpoints(this IEndpointRouteBuilder app)
    {
        var routes = app.MapGroup("/api/admin/routes").WithTags("Admin");
        routes.MapGet("/", ListRoutesAsync).WithName("ListRoutes").WithSummary("Every static route (api and routes.yaml) with the table's version.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        routes.MapPost("/", AddRouteAsync).WithName("AddRoute").WithSummary("Add a route; the edges apply it within a second.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        routes.MapGet("/{id:guid}", GetRouteAsync).WithName("GetRoute").RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        routes.MapPut("/{id:guid}", UpdateRouteAsync).WithName("UpdateRoute").WithSummary("Replace an API route (routes.yaml routes answer 409).")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        routes.MapDelete("/{id:guid}", DeleteRouteAsync).WithName("DeleteRoute").WithSummary("Remove an API route (routes.yaml routes answer 409).")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        return app;
    }

    private static IRouteTableGrain Table(IGrainFactory grains) => grains.GetGrain<IRouteTableGrain>(0);

    private static async Task<Ok<RouteList>> ListRoutesAsync(IGrainFactory grains)
    {
        var table = await Table(grains).GetAsync();
        return TypedResults.Ok(new RouteList(table.Version, [.. table.Routes.Select(RouteResponse.From)]));
    }

    private static async Task<Created<RouteResponse>> AddRouteAsync(RouteRequest request, IGrainFactory grains)
    {
        var route = await Table(grains).AddAsync(request.ToSpec());
        return TypedResults.Created($"/api/admin/routes/{route.Id}", RouteResponse.From(route));
    }

    private static async Task<Ok<RouteResponse>> GetRouteAsync(Guid id, IGrainFactory grains)
    {
        var table = await Table(grains).GetAsync();
        var route = table.Routes.FirstOrDefault(route => route.Id == id)
            ?? throw EddException.NotFound($"There is no route {id}; list them with GET /api/admin/routes.");
        return TypedResults.Ok(RouteResponse.From(route));
    }

    private static async Task<Ok<RouteResponse>> UpdateRouteAsync(Guid id, RouteRequest request, IGrainFactory grains) =>
        TypedResults.Ok(RouteResponse.From(await Table(grains).UpdateAsync(id, request.ToSpec())));

    private static async Task<NoContent> DeleteRouteAsync(Guid id, IGrainFactory grains)
    {
        await Table(grains).RemoveAsync(id);
        return TypedResults.NoContent();
    }
}
