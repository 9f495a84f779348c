using System.Collections.Immutable;

namespace EddCloud.Grains.Storage;

/// <summary>
/// A user's storage, keyed by user id: the index of their namespaces (names unique ignoring case), the bytes
/// each holds, the quota and the reservations of uploads in flight. One grain per user serializes every quota
/// decision, so concurrent uploads cannot together pass the quota.
/// </summary>
[Alias("edd.storage.IStorageAccountGrain")]
public interface IStorageAccountGrain : IGrainWithGuidKey
{
    [Alias("create-namespace")] Task<NamespaceInfo> CreateNamespaceAsync(string owner, string name, Visibility visibility);

    [Alias("rename-namespace")] Task<NamespaceInfo> RenameNamespaceAsync(Guid namespaceId, string name);

    /// <summary>Removes it from the index and deletes it; false when the user has no such namespace.</summary>
    [Alias("delete-namespace")] Task<bool> DeleteNamespaceAsync(Guid namespaceId);

    /// <summary>Up to <paramref name="limit"/> namespaces whose names sort after <paramref name="after"/> (ignoring case).</summary>
    [Alias("list")] Task<ImmutableArray<NamespaceEntry>> ListNamespacesAsync(string? after, int limit);

    /// <summary>Bytes the namespace's files hold (0 when the user has no such namespace).</summary>
    [Alias("used-bytes")] Task<long> UsedBytesAsync(Guid namespaceId);

    [Alias("usage")] Task<StorageUsage> GetUsageAsync();

    /// <summary>Sets the user's own quota; null returns to the default.</summary>
    [Alias("set-quota")] Task<StorageUsage> SetQuotaAsync(long? maxBytes, int? maxNamespaces);

    /// <summary>
    /// Sets (grows, renews) an upload's reservation to as much of <paramref name="desired"/> as the quota leaves, and
    /// returns it; refused with quota_exceeded when even <paramref name="minimum"/> would pass the quota (used bytes,
    /// every other live reservation and this one). A body of unknown length asks for a step ahead of what it received.
    /// </summary>
    [Alias("reserve")] Task<long> ReserveAsync(Guid uploadId, Guid namespaceId, long minimum, long desired);

    /// <summary>Ends a reservation whose write happened: the namespace's usage changes by <paramref name="deltaBytes"/>. Idempotent.</summary>
    [Alias("settle")] Task SettleAsync(Guid uploadId, long deltaBytes);

    /// <summary>Ends a reservation whose write did not happen.</summary>
    [Alias("release")] Task ReleaseAsync(Guid uploadId);

    /// <summary>Starts a recount of one namespace: the answer identifies the usage it will replace.</summary>
    [Alias("begin-recount")] Task<long> BeginRecountAsync(Guid namespaceId);

    /// <summary>Sets the namespace's usage to a recounted total, unless a write settled meanwhile (then false: count again).</summary>
    [Alias("end-recount")] Task<bool> EndRecountAsync(Guid namespaceId, long epoch, long totalBytes);

    /// <summary>The user was deleted: refuses everything new and deletes every namespace. Idempotent, resumable.</summary>
    [Alias("delete-all")] Task DeleteAllAsync();
}
