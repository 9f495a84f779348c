using System.Collections.Immutable;
using EddCloud.Grains.Persistence;

namespace EddCloud.Grains.Ssh;

[GenerateSerializer, Alias("edd.ssh.key-index-state")]
public sealed record SshKeyIndexState
{
    [Id(0)] public ImmutableArray<Guid> Users { get; init; } = [];
}

internal sealed class SshKeyIndexGrain(
    [PersistentState("ssh-key-index", StorageNames.Default)] IPersistentState<SshKeyIndexState> state) : Grain, ISshKeyIndexGrain
{
    public async Task AddAsync(Guid userId)
    {
        if (!state.State.Users.Contains(userId))
            await state.WriteAsync(state.State with { Users = state.State.Users.Add(userId) });
    }

    public async Task RemoveAsync(Guid userId)
    {
        if (!state.State.Users.Contains(userId))
            return;
        if (state.State.Users.Length == 1)
            await state.ClearStateAsync(); // The last user left: no empty record stays behind for every key ever seen.
        else
            await state.WriteAsync(state.State with { Users = state.State.Users.Remove(userId) });
    }

    public Task<ImmutableArray<Guid>> GetUsersAsync() => Task.FromResult(state.State.Users);
}
