using EddCloud.Grains.Persistence;
using System.Collections.Immutable;

namespace EddCloud.Grains.Users;

[GenerateSerializer, Alias("edd.users.directory-state")]
public sealed record UserDirectoryState
{
    /// <summary>Keyed by normalized username.</summary>
    [Id(0)] public ImmutableSortedDictionary<string, UserInfo> Users { get; init; } =
        ImmutableSortedDictionary.Create<string, UserInfo>(StringComparer.Ordinal);
}

internal sealed class UserDirectoryGrain(
    [PersistentState("directory", StorageNames.Default)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public async Task UpsertAsync(UserInfo user)
    {
        var key = UsernameRules.Normalize(user.Username);
        if (state.State.Users.TryGetValue(key, out var existing) && existing == user)
            return;
        await state.WriteAsync(state.State with { Users = state.State.Users.SetItem(key, user) });
    }

    public async Task RemoveAsync(Guid userId, string username)
    {
        var key = UsernameRules.Normalize(username);
        if (!state.State.Users.TryGetValue(key, out var existing) || existing.Id != userId)
            return;
        await state.WriteAsync(state.State with { Users = state.State.Users.Remove(key) });
    }

    public Task<ImmutableArray<UserInfo>> ListAsync(string? after, int limit)
    {
        var users = state.State.Users
            .Where(kv => after is null || string.CompareOrdinal(kv.Key, after) > 0)
            .Take(limit)
            .Select(kv => kv.Value)
            .ToImmutableArray();
        return Task.FromResult(users);
    }
}
