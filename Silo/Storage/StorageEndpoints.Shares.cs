using System.Security.Cryptography;
using System.Text;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;
using EddCloud.Silo.Dfs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace EddCloud.Silo.Storage;

public static partial class StorageEndpoints
{
    private const int MaxShareHours = 24 * 365;

    private static void MapShares(IEndpointRouteBuilder app, RouteGroupBuilder namespaces)
    {
        namespaces.MapGet("/{id:guid}/shares", ListSharesAsync).WithName("ListShares");
        namespaces.MapPost("/{id:guid}/shares", CreateShareAsync).WithName("CreateShare").WithSummary("A link to one file for anyone who holds it; the url is shown once.");
        namespaces.MapDelete("/{id:guid}/shares/{shareId:guid}", RevokeShareAsync).WithName("RevokeShare");
        var shares = app.MapGroup("/api/shares").WithTags("Storage").AllowAnonymous();
        shares.MapGet("/{token}", GetSharedFileAsync).WithName("GetSharedFile");
        shares.MapMethods("/{token}", ["HEAD"], HeadSharedFileAsync).WithName("HeadSharedFile");
        shares.MapGet("/{token}/info", GetSharedFileInfoAsync).WithName("GetSharedFileInfo");
    }

    private static async Task<Ok<ShareList>> ListSharesAsync(HttpContext context, Guid id, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.Share);
        var shares = await grains.GetGrain<INamespaceGrain>(id).ListSharesAsync();
        return TypedResults.Ok(new ShareList([.. shares.Select(s => ShareResponse.From(s, url: null))]));
    }

    private static async Task<Created<ShareResponse>> CreateShareAsync(HttpContext context, Guid id, CreateShareRequest request, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var caller = StorageAccess.RequireCaller(context);
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(caller, ns, StorageAction.Share);
        var path = StoragePaths.Normalize(request.Path);
        if (request.ExpiresInHours is < 1 or > MaxShareHours)
            throw EddException.Validation("expiresInHours", $"expiresInHours must be between 1 and {MaxShareHours} (or left out for a link that does not expire).");
        await files.MetadataAsync(ns, path, ct);
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expiresAt = request.ExpiresInHours is { } hours ? DateTimeOffset.UtcNow.AddHours(hours) : (DateTimeOffset?)null;
        var share = await grains.GetGrain<INamespaceGrain>(id).CreateShareAsync(path, HashOf(secret), expiresAt, caller.Username);
        var token = $"{id:N}.{share.Id:N}.{secret}";
        var url = $"{context.Request.Scheme}://{context.Request.Host}/s/{token}";
        return TypedResults.Created($"/api/namespaces/{id}/shares/{share.Id}", ShareResponse.From(share, url));
    }

    private static async Task<NoContent> RevokeShareAsync(HttpContext context, Guid id, Guid shareId, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.Share);
        if (!await grains.GetGrain<INamespaceGrain>(id).RevokeShareAsync(shareId))
            throw EddException.NotFound("There is no such share link; see GET /api/namespaces/{id}/shares.");
        return TypedResults.NoContent();
    }

    private static async Task GetSharedFileAsync(HttpContext context, string token, bool? download, StorageFiles files, DfsFiles dfs, IGrainFactory grains, CancellationToken ct) =>
        await SendFileAsync(context, await SharedFileAsync(token, files, grains, ct), download == true, headOnly: false, dfs, ct);

    private static async Task HeadSharedFileAsync(HttpContext context, string token, bool? download, StorageFiles files, DfsFiles dfs, IGrainFactory grains, CancellationToken ct) =>
        await SendFileAsync(context, await SharedFileAsync(token, files, grains, ct), download == true, headOnly: true, dfs, ct);

    private static async Task<Ok<SharedFileInfo>> GetSharedFileInfoAsync(string token, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var (ns, share) = await ResolveShareAsync(token, files, grains, ct);
        var file = await files.MetadataAsync(ns, share.Path, ct);
        return TypedResults.Ok(new SharedFileInfo(file.Path, file.Size, file.ContentType, file.ModifiedAt, share.ExpiresAt));
    }

    private static async Task<(NamespaceInfo, string)> SharedFileAsync(string token, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var (ns, share) = await ResolveShareAsync(token, files, grains, ct);
        return (ns, share.Path);
    }

    /// <summary>The namespace and the live share a link points at; one 404 for every way a link can be wrong.</summary>
    private static async Task<(NamespaceInfo, ShareInfo)> ResolveShareAsync(string token, StorageFiles files, IGrainFactory grains, CancellationToken ct)
    {
        var gone = EddException.NotFound("This share link does not exist, was revoked or has expired; ask its owner for a new one.");
        if (ParseToken(token) is not var (namespaceId, shareId, secret))
            throw gone;
        var share = await grains.GetGrain<INamespaceGrain>(namespaceId).ResolveShareAsync(shareId, HashOf(secret)) ?? throw gone;
        return (await files.GetNamespaceAsync(namespaceId, ct), share);
    }

    private static (Guid Namespace, Guid Share, string Secret)? ParseToken(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var ns) && Guid.TryParseExact(parts[1], "N", out var share) && parts[2].Length is > 20 and < 100
            ? (ns, share, parts[2])
            : null;
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
