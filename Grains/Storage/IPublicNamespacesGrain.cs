using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Storage;

/// <summary>The public index: every public namespace, by name. One grain (key <see cref="Key"/>); public namespaces are few.</summary>
[Alias("edd.storage.IPublicNamespacesGrain")]
public interface IPublicNamespacesGrain : IGrainWithStringKey
{
    public const string Key = "public";

    /// <summary>Lists the namespace (when <paramref name="listed"/>) with its current name, or removes it. Idempotent.</summary>
    [Alias("set")] Task SetAsync(NamespaceInfo info, bool listed);

    /// <summary>Up to <paramref name="limit"/> namespaces after the cursor <paramref name="after"/> (a previous page's last <c>next</c>).</summary>
    [Alias("list"), ReadOnly] Task<(ImmutableArray<NamespaceInfo> Items, string? Next)> ListAsync(string? after, int limit);
}
