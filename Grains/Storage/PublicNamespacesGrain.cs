using System.Collections.Immutable;
using EddCloud.Grains.Persistence;

namespace EddCloud.Grains.Storage;

[GenerateSerializer, Alias("edd.storage.public-state")]
public sealed record PublicNamespacesState
{
    /// <summary>Sort key (name ignoring case, then id) to the namespace.</summary>
    [Id(0)] public ImmutableSortedDictionary<string, NamespaceInfo> Listed { get; init; } = ImmutableSortedDictionary.Create<string, NamespaceInfo>(StringComparer.Ordinal);
}

internal sealed class PublicNamespacesGrain(
    [PersistentState("public", StorageNames.Default)] IPersistentState<PublicNamespacesState> state) : Grain, IPublicNamespacesGrain
{
    private static string SortKey(NamespaceInfo info) => $"{NamespaceNames.Key(info.Name)}\n{info.Id:N}";

    public async Task SetAsync(NamespaceInfo info, bool listed)
    {
        var current = state.State.Listed.FirstOrDefault(e => e.Value.Id == info.Id);
        if (listed ? current.Value == info : current.Key is null)
            return;
        var next = current.Key is null ? state.State.Listed : state.State.Listed.Remove(current.Key);
        await state.WriteAsync(state.State with { Listed = listed ? next.SetItem(SortKey(info), info) : next });
    }

    public Task<(ImmutableArray<NamespaceInfo> Items, string? Next)> ListAsync(string? after, int limit)
    {
        var page = state.State.Listed
            .Where(e => after is null || string.CompareOrdinal(e.Key, after) > 0)
            .Take(limit + 1)
            .ToList();
        var next = page.Count > limit ? page[limit - 1].Key : null;
        return Task.FromResult<(ImmutableArray<NamespaceInfo>, string?)>(([.. page.Take(limit).Select(e => e.Value)], next));
    }
}
