using System.Collections.Immutable;
using EddCloud.Grains.Persistence;

namespace EddCloud.Grains.Dfs;

[GenerateSerializer, Alias("edd.dfs.folder-state")]
public sealed record DfsFolderState
{
    /// <summary>Entry name to whether it is a folder.</summary>
    [Id(0)] public ImmutableSortedDictionary<string, bool> Entries { get; init; } = ImmutableSortedDictionary.Create<string, bool>(StringComparer.Ordinal);
}

internal sealed class DfsFolderGrain(
    [PersistentState("folder", StorageNames.Default)] IPersistentState<DfsFolderState> state) : Grain, IDfsFolderGrain
{
    public async Task AddAsync(string name, bool isFolder)
    {
        if (state.State.Entries.TryGetValue(name, out var existing) && existing == isFolder)
            return;
        await state.WriteAsync(state.State with { Entries = state.State.Entries.SetItem(name, isFolder) });
    }

    /// <summary>
    /// A folder whose last entry goes leaves its parent's listing too, so deleted trees do not linger as empty
    /// folders. It runs inside this grain's turn: an add racing with it waits, then re-adds the folder to its parent.
    /// </summary>
    public async Task RemoveAsync(string name)
    {
        if (!state.State.Entries.ContainsKey(name))
            return;
        await state.WriteAsync(state.State with { Entries = state.State.Entries.Remove(name) });
        var path = this.GetPrimaryKeyString();
        if (state.State.Entries.IsEmpty && path != "/")
        {
            var (parent, self) = DfsPath.Split(path);
            await GrainFactory.GetGrain<IDfsFolderGrain>(parent).RemoveAsync(self);
        }
    }

    public Task<ImmutableArray<DfsEntry>> ListAsync(string? after, int limit) => Task.FromResult(state.State.Entries
        .Where(e => after is null || string.CompareOrdinal(e.Key, after) > 0)
        .Take(limit)
        .Select(e => new DfsEntry(e.Key, e.Value))
        .ToImmutableArray());
}
