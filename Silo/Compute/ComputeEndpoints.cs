using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute;

/// <summary>
/// The Compute API (docs/api.md, "Compute"): containers, their logs, stats and ingress rules, and quotas. Owners act
/// with a session or a containers:* token, admins with a session or an admin:* token; anyone else is told the
/// container does not exist.
/// </summary>
public static partial class ComputeEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static IEndpointRouteBuilder MapComputeEndpoints(this IEndpointRouteBuilder app)
    {
        var containers = app.MapGroup("/api/containers").WithTags("Compute").RequireAuthorization();
        containers.MapGet("/", ListAsync).WithName("ListContainers").WithSummary("Your containers by name (owner=<user id> for an admin).");
        containers.MapPost("/", CreateAsync).WithName("CreateContainer").WithSummary("Create a container; it is created and started in the background.");
        containers.MapGet("/{id:guid}", GetAsync).WithName("GetContainer");
        containers.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateContainer").WithSummary("Change the allowed SSH keys (applied live) or the restart policy.");
        containers.MapPost("/{id:guid}/start", StartAsync).WithName("StartContainer");
        containers.MapPost("/{id:guid}/stop", StopAsync).WithName("StopContainer");
        containers.MapPost("/{id:guid}/restart", RestartAsync).WithName("RestartContainer");
        containers.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteContainer").WithSummary("Delete it with its volume and ingress rules (in the background).");
        containers.MapGet("/{id:guid}/ingress", ListIngressAsync).WithName("ListIngress");
        containers.MapPost("/{id:guid}/ingress", AddIngressAsync).WithName("AddIngress");
        containers.MapDelete("/{id:guid}/ingress/{name}", RemoveIngressAsync).WithName("RemoveIngress");
        MapStreams(containers);
        MapTerminal(containers);

        app.MapGet("/api/me/compute", MyUsageAsync).WithTags("Account").WithName("GetMyCompute").RequireAuthorization(Policies.Scope(Scopes.ContainersRead));
        app.MapGet("/api/admin/users/{id:guid}/compute", UserUsageAsync).WithTags("Admin").WithName("GetUserCompute")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        app.MapPut("/api/admin/users/{id:guid}/compute", SetUserQuotaAsync).WithTags("Admin").WithName("SetUserComputeQuota")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        app.MapGet("/api/admin/compute/nodes", NodesAsync).WithTags("Admin").WithName("ListComputeNodes")
            .WithSummary("The nodes containers are scheduled on, with what their containers' limits take.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        return app;
    }

    private static Caller CallerOf(HttpContext context) =>
        Caller.From(context.User) ?? throw new InvalidOperationException("An authorized endpoint ran without a caller.");

    /// <summary>The container, when the caller may see it (as owner or admin) and their credential may do this.</summary>
    internal static async Task<ContainerInfo> DemandAsync(Caller caller, IGrainFactory grains, Guid id, bool changes)
    {
        var info = await grains.GetGrain<IContainerGrain>(id).GetAsync() ?? throw NoSuchContainer();
        ResourceAccess.Demand(caller, info.OwnerId, OwnedKind.Containers, changes, NoSuchContainer);
        return info;
    }

    private static EddException NoSuchContainer() => EddException.NotFound("There is no such container (or it is not yours); see GET /api/containers.");

    /// <summary>
    /// A body that may be left out entirely (no Content-Type either, as fetch and curl send a bare POST). Declared as
    /// an endpoint parameter it would make such a request miss the endpoint.
    /// </summary>
    private static async Task<T?> OptionalBodyAsync<T>(HttpContext context, JsonOptions json) where T : class
    {
        if (context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !context.Request.Headers.TransferEncoding.Any()))
            return null;
        if (!context.Request.HasJsonContentType())
            throw new EddException(ErrorCodes.UnsupportedMediaType, "Send the body as application/json, or no body at all.");
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(json.SerializerOptions, context.RequestAborted);
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw EddException.Validation("body", $"The body is not valid JSON for this request: {exception.Message}");
        }
    }

    private static int PageSize(int? limit) => limit is null ? DefaultPage
        : limit is < 1 or > MaxPage ? throw EddException.Validation("limit", $"limit must be between 1 and {MaxPage}.") : limit.Value;

    private static async Task<Ok<ContainerPage>> ListAsync(HttpContext context, Guid? owner, string? after, int? limit, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        var caller = CallerOf(context);
        var userId = owner ?? caller.UserId;
        ResourceAccess.DemandList(caller, userId, OwnedKind.Containers);
        var size = PageSize(limit);
        var entries = await grains.GetGrain<IComputeAccountGrain>(userId).ListAsync(after, size + 1);
        var page = entries.Take(size).ToList();
        var infos = await Task.WhenAll(page.Select(entry => grains.GetGrain<IContainerGrain>(entry.Id).GetAsync()));
        var items = infos.OfType<ContainerInfo>().Select(info => ContainerResponse.From(info, options.Value)).ToList();
        return TypedResults.Ok(new ContainerPage(items, entries.Length > size ? page[^1].Name : null));
    }

    private static async Task<Created<ContainerResponse>> CreateAsync(HttpContext context, CreateContainerRequest request, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        var caller = CallerOf(context);
        if (!caller.HasScope(Scopes.ContainersWrite))
            throw EddException.Forbidden($"This API token lacks the scope '{Scopes.ContainersWrite}'; create one that has it.");
        var name = ContainerRules.ValidateName(request.Name);
        var settings = ContainerRules.Settings(request.Image, request.Cpus, request.MemoryBytes, request.PidsLimit, request.Env, request.Command,
            request.Ports, request.RestartPolicy, request.Volume, options.Value);
        var ingress = ContainerRules.Ingress(
            [.. (request.Ingress ?? []).Select(rule => new IngressRequest(rule?.Name ?? "", rule?.Port ?? 0, rule?.PathPrefix))], settings.Ports);
        var creation = new ContainerCreation(Guid.NewGuid(), name, caller.UserId, caller.Username, settings,
            ContainerRules.AllowedKeys(request.AllowedKeys), ingress);
        var info = await grains.GetGrain<IComputeAccountGrain>(caller.UserId).CreateContainerAsync(creation);
        return TypedResults.Created($"/api/containers/{info.Id}", ContainerResponse.From(info, options.Value));
    }

    private static async Task<Ok<ContainerResponse>> GetAsync(HttpContext context, Guid id, IGrainFactory grains, IOptions<ComputeOptions> options) =>
        TypedResults.Ok(ContainerResponse.From(await DemandAsync(CallerOf(context), grains, id, changes: false), options.Value));

    private static async Task<Ok<ContainerResponse>> UpdateAsync(HttpContext context, Guid id, UpdateContainerRequest request, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: true);
        var info = await grains.GetGrain<IContainerGrain>(id).UpdateAsync(request.AllowedKeys is null ? null : ContainerRules.AllowedKeys(request.AllowedKeys), request.RestartPolicy);
        return TypedResults.Ok(ContainerResponse.From(info, options.Value));
    }

    private static async Task<Accepted<ContainerResponse>> StartAsync(HttpContext context, Guid id, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: true);
        var info = await grains.GetGrain<IContainerGrain>(id).StartAsync();
        return TypedResults.Accepted($"/api/containers/{id}", ContainerResponse.From(info, options.Value));
    }

    private static async Task<Accepted<ContainerResponse>> StopAsync(HttpContext context, Guid id, IGrainFactory grains, IOptions<ComputeOptions> options, IOptions<JsonOptions> json)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: true);
        var request = await OptionalBodyAsync<StopContainerRequest>(context, json.Value);
        var seconds = request?.TimeoutSeconds ?? (int)Math.Ceiling(options.Value.StopTimeout.TotalSeconds);
        if (seconds is < 1 or > 300)
            throw EddException.Validation("timeoutSeconds", "The stop timeout must be 1-300 seconds.");
        var info = await grains.GetGrain<IContainerGrain>(id).StopAsync(TimeSpan.FromSeconds(seconds));
        return TypedResults.Accepted($"/api/containers/{id}", ContainerResponse.From(info, options.Value));
    }

    private static async Task<Accepted<ContainerResponse>> RestartAsync(HttpContext context, Guid id, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: true);
        var info = await grains.GetGrain<IContainerGrain>(id).RestartAsync();
        return TypedResults.Accepted($"/api/containers/{id}", ContainerResponse.From(info, options.Value));
    }

    private static async Task<NoContent> DeleteAsync(HttpContext context, Guid id, IGrainFactory grains)
    {
        var info = await DemandAsync(CallerOf(context), grains, id, changes: true);
        await grains.GetGrain<IComputeAccountGrain>(info.OwnerId).DeleteContainerAsync(id);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IngressList>> ListIngressAsync(HttpContext context, Guid id, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        var info = await DemandAsync(CallerOf(context), grains, id, changes: false);
        return TypedResults.Ok(new IngressList([.. info.Ingress.Select(rule => IngressRuleResponse.From(rule, options.Value))]));
    }

    private static async Task<Created<IngressRuleResponse>> AddIngressAsync(HttpContext context, Guid id, IngressRequestBody request, IGrainFactory grains, IOptions<ComputeOptions> options)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: true);
        var rule = await grains.GetGrain<IContainerGrain>(id).AddIngressAsync(new IngressRequest(request.Name ?? "", request.Port ?? 0, request.PathPrefix));
        return TypedResults.Created($"/api/containers/{id}/ingress/{rule.Name}", IngressRuleResponse.From(rule, options.Value));
    }

    private static async Task<NoContent> RemoveIngressAsync(HttpContext context, Guid id, string name, IGrainFactory grains)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: true);
        if (!await grains.GetGrain<IContainerGrain>(id).RemoveIngressAsync(name))
            throw EddException.NotFound($"The container has no ingress rule named '{name}'; see GET /api/containers/{id}/ingress.");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ComputeUsage>> MyUsageAsync(HttpContext context, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IComputeAccountGrain>(CallerOf(context).UserId).GetUsageAsync());

    private static async Task<Ok<ComputeUsage>> UserUsageAsync(Guid id, IGrainFactory grains)
    {
        await grains.RequireUserAsync(id);
        return TypedResults.Ok(await grains.GetGrain<IComputeAccountGrain>(id).GetUsageAsync());
    }

    private static async Task<Ok<ComputeUsage>> SetUserQuotaAsync(Guid id, ComputeQuotaRequest request, IGrainFactory grains)
    {
        await grains.RequireUserAsync(id);
        return TypedResults.Ok(await grains.GetGrain<IComputeAccountGrain>(id).SetQuotaAsync(request.MaxContainers, request.MaxCpus, request.MaxMemoryBytes));
    }

    private static async Task<Ok<ComputeNodeList>> NodesAsync(IGrainFactory grains) =>
        TypedResults.Ok(new ComputeNodeList(await grains.GetGrain<IComputeNodesGrain>(0).ListAsync()));
}
