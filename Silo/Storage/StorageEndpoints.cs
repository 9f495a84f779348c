using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;
using EddCloud.Grains.Users;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EddCloud.Silo.Storage;

/// <summary>
/// The Storage API (docs/api.md, "Storage"): namespaces, files, progress, shares and quotas. Endpoints admit
/// anonymous callers and apply <see cref="StorageAccess"/> themselves, since visibility opens some of them to everyone.
/// </summary>
public static partial class StorageEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder app)
    {
        var namespaces = app.MapGroup("/api/namespaces").WithTags("Storage").AllowAnonymous();
        namespaces.MapGet("/", ListNamespacesAsync).WithName("ListNamespaces").WithSummary("Your namespaces by name (owner=<user id> for an admin).");
        namespaces.MapPost("/", CreateNamespaceAsync).WithName("CreateNamespace");
        namespaces.MapGet("/{id:guid}", GetNamespaceAsync).WithName("GetNamespace");
        namespaces.MapPatch("/{id:guid}", UpdateNamespaceAsync).WithName("UpdateNamespace").WithSummary("Rename, or change visibility.");
        namespaces.MapDelete("/{id:guid}", DeleteNamespaceAsync).WithName("DeleteNamespace").WithSummary("Delete it; its files go in the background.");
        MapFiles(namespaces);
        MapShares(app, namespaces);
        MapProgress(app);

        app.MapGet("/api/public/namespaces", ListPublicAsync).WithTags("Storage").WithName("ListPublicNamespaces").AllowAnonymous()
            .WithSummary("Every public namespace, for anyone.");
        app.MapGet("/api/me/storage", MyUsageAsync).WithTags("Account").WithName("GetMyStorage").RequireAuthorization(Policies.Scope(Scopes.FilesRead));
        app.MapGet("/api/admin/users/{id:guid}/storage", UserUsageAsync).WithTags("Admin").WithName("GetUserStorage")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        app.MapPut("/api/admin/users/{id:guid}/storage", SetUserQuotaAsync).WithTags("Admin").WithName("SetUserStorageQuota")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        return app;
    }

    private static int PageSize(int? limit) => limit is null ? DefaultPage
        : limit is < 1 or > MaxPage ? throw EddException.Validation("limit", $"limit must be between 1 and {MaxPage}.") : limit.Value;

    private static async Task<Ok<NamespacePage>> ListNamespacesAsync(HttpContext context, Guid? owner, string? after, int? limit, IGrainFactory grains, CancellationToken ct)
    {
        var caller = StorageAccess.RequireCaller(context);
        var userId = owner ?? caller.UserId;
        ResourceAccess.DemandList(caller, userId, OwnedKind.Namespaces);
        var size = PageSize(limit);
        var entries = await grains.GetGrain<IStorageAccountGrain>(userId).ListNamespacesAsync(after, size + 1);
        var page = entries.Take(size).ToList();
        var infos = await Task.WhenAll(page.Select(e => grains.GetGrain<INamespaceGrain>(e.Id).GetAsync()));
        var items = page.Zip(infos).Where(p => p.Second is not null).Select(p => NamespaceResponse.From(p.Second!, p.First.UsedBytes)).ToList();
        return TypedResults.Ok(new NamespacePage(items, entries.Length > size ? page[^1].Name : null));
    }

    private static async Task<Created<NamespaceResponse>> CreateNamespaceAsync(HttpContext context, CreateNamespaceRequest request, IGrainFactory grains)
    {
        var caller = StorageAccess.RequireCaller(context);
        if (!caller.HasScope(Scopes.FilesWrite))
            throw EddException.Forbidden($"This API token lacks the scope '{Scopes.FilesWrite}'; create one that has it.");
        var info = await grains.GetGrain<IStorageAccountGrain>(caller.UserId)
            .CreateNamespaceAsync(caller.Username, request.Name ?? "", request.Visibility ?? Visibility.Private);
        return TypedResults.Created($"/api/namespaces/{info.Id}", NamespaceResponse.From(info, 0));
    }

    private static async Task<Ok<NamespaceResponse>> GetNamespaceAsync(HttpContext context, Guid id, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.List);
        return TypedResults.Ok(await ResponseOfAsync(grains, ns));
    }

    private static async Task<Ok<NamespaceResponse>> UpdateNamespaceAsync(HttpContext context, Guid id, UpdateNamespaceRequest request, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.Manage);
        if (request.Name is null && request.Visibility is null)
            throw EddException.Validation("name", "Send a new name, a new visibility, or both.");
        if (request.Name is not null)
            ns = await grains.GetGrain<IStorageAccountGrain>(ns.OwnerId).RenameNamespaceAsync(id, request.Name);
        if (request.Visibility is { } visibility)
            ns = await grains.GetGrain<INamespaceGrain>(id).SetVisibilityAsync(visibility);
        return TypedResults.Ok(await ResponseOfAsync(grains, ns));
    }

    private static async Task<NoContent> DeleteNamespaceAsync(HttpContext context, Guid id, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.Manage);
        await grains.GetGrain<IStorageAccountGrain>(ns.OwnerId).DeleteNamespaceAsync(id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<NamespacePage>> ListPublicAsync(string? after, int? limit, IGrainFactory grains)
    {
        var (items, next) = await grains.GetGrain<IPublicNamespacesGrain>(IPublicNamespacesGrain.Key).ListAsync(after, PageSize(limit));
        var responses = await Task.WhenAll(items.Select(ns => ResponseOfAsync(grains, ns)));
        return TypedResults.Ok(new NamespacePage(responses, next));
    }

    private static async Task<NamespaceResponse> ResponseOfAsync(IGrainFactory grains, NamespaceInfo ns) =>
        NamespaceResponse.From(ns, await grains.GetGrain<IStorageAccountGrain>(ns.OwnerId).UsedBytesAsync(ns.Id));

    private static async Task<Ok<StorageUsageResponse>> MyUsageAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(StorageUsageResponse.From(await grains.GetGrain<IStorageAccountGrain>(StorageAccess.RequireCaller(context).UserId).GetUsageAsync()));

    private static async Task<Ok<StorageUsageResponse>> UserUsageAsync(Guid id, IGrainFactory grains)
    {
        await grains.RequireUserAsync(id);
        return TypedResults.Ok(StorageUsageResponse.From(await grains.GetGrain<IStorageAccountGrain>(id).GetUsageAsync()));
    }

    private static async Task<Ok<StorageUsageResponse>> SetUserQuotaAsync(Guid id, SetStorageQuotaRequest request, IGrainFactory grains)
    {
        await grains.RequireUserAsync(id);
        return TypedResults.Ok(StorageUsageResponse.From(await grains.GetGrain<IStorageAccountGrain>(id).SetQuotaAsync(request.MaxBytes, request.MaxNamespaces)));
    }
}
