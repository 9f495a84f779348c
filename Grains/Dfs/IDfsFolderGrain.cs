using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Dfs;

/// <summary>The entries of one folder (keyed by folder path, "/" for the root), so no grain lists the whole tree.</summary>
[Alias("edd.dfs.IDfsFolderGrain")]
public interface IDfsFolderGrain : IGrainWithStringKey
{
    [Alias("add")] Task AddAsync(string name, bool isFolder);

    [Alias("remove")] Task RemoveAsync(string name);

    /// <summary>Up to <paramref name="limit"/> entries whose names sort after <paramref name="after"/> (ordinal).</summary>
    [Alias("list"), ReadOnly] Task<ImmutableArray<DfsEntry>> ListAsync(string? after, int limit);
}
