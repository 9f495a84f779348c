using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Storage;

/// <summary>
/// One namespace, keyed by its id: owner, name, visibility and share links. Its files live in the file system
/// under <see cref="StoragePaths.NamespaceRoot"/>. Callers are silo code that has authorized the request;
/// <see cref="IStorageAccountGrain"/> creates, renames and deletes namespaces so names stay unique per owner.
/// </summary>
[Alias("edd.storage.INamespaceGrain")]
public interface INamespaceGrain : IGrainWithGuidKey
{
    /// <summary>Creates it (again, idempotently, for the same owner and name).</summary>
    [Alias("create")] Task<NamespaceInfo> CreateAsync(Guid ownerId, string owner, string name, Visibility visibility);

    /// <summary>The namespace, or null when there is none or it is being deleted.</summary>
    [Alias("get"), ReadOnly] Task<NamespaceInfo?> GetAsync();

    [Alias("rename")] Task<NamespaceInfo> RenameAsync(string name);

    [Alias("set-visibility")] Task<NamespaceInfo> SetVisibilityAsync(Visibility visibility);

    /// <summary>Hides it at once and deletes its files in the background (resumed after a crash); false when there was none.</summary>
    [Alias("delete")] Task<bool> DeleteAsync();

    /// <summary>True once a deleted namespace's files are all gone.</summary>
    [Alias("purged"), ReadOnly] Task<bool> IsPurgedAsync();

    [Alias("create-share")] Task<ShareInfo> CreateShareAsync(string path, string secretHash, DateTimeOffset? expiresAt, string createdBy);

    [Alias("shares"), ReadOnly] Task<ImmutableArray<ShareInfo>> ListSharesAsync();

    [Alias("revoke-share")] Task<bool> RevokeShareAsync(Guid shareId);

    /// <summary>The share (its path, its expiry) when it exists, has not expired and the secret's hash matches; else null.</summary>
    [Alias("resolve-share"), ReadOnly] Task<ShareInfo?> ResolveShareAsync(Guid shareId, string secretHash);

    /// <summary>Sums the sizes of its files and hands the total to its owner's account (after a lapsed reservation).</summary>
    [Alias("recount")] Task<long> RecountUsageAsync();
}
