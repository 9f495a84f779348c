using EddCloud.Grains.Persistence;
namespace EddCloud.Grains.Users;

[GenerateSerializer, Alias("edd.users.username-state")]
public sealed record UsernameState
{
    [Id(0)] public Guid? Owner { get; init; }
}

internal sealed class UsernameGrain(
    [PersistentState("username", StorageNames.Default)] IPersistentState<UsernameState> state) : Grain, IUsernameGrain
{
    public async Task<Guid> ClaimAsync(Guid userId)
    {
        if (state.State.Owner is { } owner)
            return owner;
        await state.WriteAsync(new UsernameState { Owner = userId });
        return userId;
    }

    public async Task<bool> TakeOverAsync(Guid expectedOwner, Guid newOwner)
    {
        if (state.State.Owner != expectedOwner)
            return false;
        await state.WriteAsync(new UsernameState { Owner = newOwner });
        return true;
    }

    public Task<Guid?> GetOwnerAsync() => Task.FromResult(state.State.Owner);

    public async Task ReleaseAsync(Guid userId)
    {
        if (state.State.Owner == userId)
            await state.WriteAsync(new UsernameState());
    }
}
