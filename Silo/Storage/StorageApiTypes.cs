using System.Text.Json.Serialization;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Storage;

namespace EddCloud.Silo.Storage;

// Wire types of the Storage API (docs/api.md, "Storage"), as docs/openapi.json describes them. Grain records never go on the wire directly.

public sealed record NamespaceResponse(Guid Id, string Name, Guid OwnerId, string Owner, Visibility Visibility, DateTimeOffset CreatedAt, long UsedBytes)
{
    public static NamespaceResponse From(NamespaceInfo info, long usedBytes) =>
        new(info.Id, info.Name, info.OwnerId, info.Owner, info.Visibility, info.CreatedAt, usedBytes);
}

public sealed record NamespacePage(IReadOnlyList<NamespaceResponse> Items, string? Next);

public sealed record CreateNamespaceRequest(string? Name, Visibility? Visibility);

public sealed record UpdateNamespaceRequest(string? Name, Visibility? Visibility);

public sealed record StoredFileResponse(
    string Path, long Size, string Sha256, string ContentType, long Version, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, Guid? UploaderId, string? Uploader)
{
    public static StoredFileResponse From(Guid namespaceId, DfsFileInfo file) => new(
        StoragePaths.FromDfs(namespaceId, file.Path), file.Current.Size, file.Current.Sha256,
        file.Current.Attributes?.ContentType ?? ContentTypes.Default, file.Current.Version, file.CreatedAt, file.Current.CommittedAt,
        file.Current.Attributes?.UploaderId, file.Current.Attributes?.Uploader);
}

public sealed record FilePage(IReadOnlyList<StoredFileResponse> Items, IReadOnlyList<string> Folders, string? Next);

public sealed record StoredFilesResponse(IReadOnlyList<StoredFileResponse> Items);

public sealed record UploadProgressResponse(
    Guid UploadId, UploadState State, string? Path, long ReceivedBytes, long CommittedBytes, long? TotalBytes,
    IReadOnlyList<string> Files, UploadProblem? Error)
{
    public static UploadProgressResponse From(UploadProgress p) => new(
        p.UploadId, p.State, p.Path, p.ReceivedBytes, p.CommittedBytes, p.TotalBytes, p.Files,
        p.Error is { } e ? new UploadProblem(e.Status, e.Code, e.Detail) : null);
}

public sealed record UploadProblem(int Status, string Code, string Detail);

public sealed record CreateShareRequest(string? Path, int? ExpiresInHours);

public sealed record ShareResponse(Guid Id, Guid NamespaceId, string Path, string? Url, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string CreatedBy)
{
    public static ShareResponse From(ShareInfo share, string? url) =>
        new(share.Id, share.NamespaceId, share.Path, url, share.CreatedAt, share.ExpiresAt, share.CreatedBy);
}

public sealed record ShareList(IReadOnlyList<ShareResponse> Items);

public sealed record SharedFileInfo(string Path, long Size, string ContentType, DateTimeOffset ModifiedAt, DateTimeOffset? ExpiresAt);

public sealed record StorageUsageResponse(long UsedBytes, long MaxBytes, int Namespaces, int MaxNamespaces, long ReservedBytes)
{
    public static StorageUsageResponse From(StorageUsage u) => new(u.UsedBytes, u.MaxBytes, u.Namespaces, u.MaxNamespaces, u.ReservedBytes);
}

public sealed record SetStorageQuotaRequest(long? MaxBytes, int? MaxNamespaces);
