using System.Globalization;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EddCloud.Silo.Dfs;

/// <summary>Direct access to the file system for admins (`edd dfs ...`). User-facing storage builds on it later.</summary>
public static class DfsEndpoints
{
    public static IEndpointRouteBuilder MapDfsEndpoints(this IEndpointRouteBuilder app)
    {
        var dfs = app.MapGroup("/api/dfs").WithTags("Dfs");
        dfs.MapPut("/files/{**path}", PutFileAsync).WithName("DfsPutFile").WithSummary("Write a file (the raw body), replacing any previous version atomically.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        dfs.MapGet("/files/{**path}", GetFileAsync).WithName("DfsGetFile").WithSummary("Read a file; supports a single Range.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        dfs.MapMethods("/files/{**path}", ["HEAD"], HeadFileAsync).WithName("DfsHeadFile").RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        dfs.MapDelete("/files/{**path}", DeleteFileAsync).WithName("DfsDeleteFile").RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        dfs.MapGet("/folders", ListFolderAsync).WithName("DfsListFolder").WithSummary("Entries of one folder, paged by name.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        dfs.MapGet("/status", StatusAsync).WithName("DfsStatus").WithSummary("Nodes, disks, capacity and replicas.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        dfs.MapPost("/fsck", FsckAsync).WithName("DfsFsck")
            .WithSummary("Check every file's chunks and replicas (verify=true reads every live replica in full) and list every problem.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        return app;
    }

    private static async Task<Ok<DfsFsckReport>> FsckAsync(bool? verify, DfsFsck fsck, CancellationToken cancellationToken) =>
        TypedResults.Ok(await fsck.RunAsync(verify ?? true, cancellationToken));

    private static async Task<Created<DfsWriteResponse>> PutFileAsync(string path, HttpContext context, DfsFiles files, CancellationToken cancellationToken)
    {
        // Files of any size: the 1 MiB JSON limit does not apply to an upload's body.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;
        var result = await files.WriteAsync(path, context.Request.Body, progress: null, cancellationToken);
        var file = DfsFileResponse.From(result.File);
        return TypedResults.Created($"/api/dfs/files{file.Path}", new DfsWriteResponse(file, result.MinReplicas, result.Wanted, result.UnderReplicated));
    }

    private static Task GetFileAsync(string path, HttpContext context, DfsFiles files, CancellationToken cancellationToken) =>
        FileDownloads.SendAsync(context, files, path, headOnly: false, DescribeRaw, cancellationToken);

    private static Task HeadFileAsync(string path, HttpContext context, DfsFiles files, CancellationToken cancellationToken) =>
        FileDownloads.SendAsync(context, files, path, headOnly: true, DescribeRaw, cancellationToken);

    /// <summary>The admin view of the file system serves bytes only, never rendered.</summary>
    private static void DescribeRaw(HttpResponse response, DfsFileInfo file)
    {
        response.ContentType = "application/octet-stream";
        response.Headers.XContentTypeOptions = "nosniff";
    }

    private static async Task<NoContent> DeleteFileAsync(string path, DfsFiles files)
    {
        if (await files.DeleteAsync(path) is null)
            throw EddException.NotFound($"There is no file {path}.");
        return TypedResults.NoContent();
    }

    private static async Task<Ok<DfsFolderResponse>> ListFolderAsync(string? path, string? after, int? limit, IGrainFactory grains)
    {
        var folder = DfsPath.NormalizeFolder(path);
        var size = limit ?? 100;
        if (size is < 1 or > 1000)
            throw EddException.Validation("limit", "limit must be between 1 and 1000.");
        var entries = await grains.GetGrain<IDfsFolderGrain>(folder).ListAsync(after, size + 1);
        var page = entries.Take(size).Select(e => new DfsEntryResponse(e.Name, e.IsFolder)).ToList();
        return TypedResults.Ok(new DfsFolderResponse(folder, page, entries.Length > size ? page[^1].Name : null));
    }

    private static async Task<Ok<DfsStatusResponse>> StatusAsync(IGrainFactory grains, IOptions<DfsOptions> options)
    {
        var nodes = await grains.GetGrain<IDfsClusterGrain>(IDfsClusterGrain.Key).ListNodesAsync();
        var repair = await grains.GetGrain<IDfsRepairGrain>(IDfsRepairGrain.Key).GetStatusAsync();
        var wire = nodes.Select(n => new DfsNodeResponse(n.NodeName, n.Alive, n.LastSeen, n.DataPlaneUrl,
            [.. n.Disks.Select(d => new DfsDiskResponse(d.DiskId, d.CapacityBytes, d.FreeBytes, d.Replicas))],
            new DfsNodeRates(n.BytesInPerSecond, n.BytesOutPerSecond), DfsNodeTotals.From(n.Counters))).ToList();
        var disks = nodes.SelectMany(n => n.Disks).ToList();
        var totals = nodes.Aggregate(DfsNodeCounters.Zero, (sum, n) => sum.Plus(n.Counters));
        return TypedResults.Ok(new DfsStatusResponse(options.Value.ChunkSize, options.Value.ReplicationFactor, wire,
            disks.Sum(d => d.CapacityBytes), disks.Sum(d => d.FreeBytes), disks.Sum(d => d.Replicas),
            new DfsNodeRates(nodes.Sum(n => n.BytesInPerSecond), nodes.Sum(n => n.BytesOutPerSecond)), DfsNodeTotals.From(totals),
            new DfsRepairResponse(repair.UnderReplicated, repair.Repairable, repair.Queued, repair.InProgress, repair.Completed, repair.Failed, repair.BytesCopied, repair.Lost)));
    }
}
