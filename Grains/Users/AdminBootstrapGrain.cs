using EddCloud.Grains.Persistence;

namespace EddCloud.Grains.Users;

[GenerateSerializer, Alias("edd.users.bootstrap-state")]
public sealed record AdminBootstrapState
{
    [Id(0)] public Guid? FirstAdmin { get; init; }
}

internal sealed class AdminBootstrapGrain(
    [PersistentState("bootstrap", StorageNames.Default)] IPersistentState<AdminBootstrapState> state) : Grain, IAdminBootstrapGrain
{
    public Task<bool> IsDoneAsync() => Task.FromResult(state.State.FirstAdmin is not null);

    public async Task MarkDoneAsync(Guid adminId)
    {
        if (state.State.FirstAdmin is null)
            await state.WriteAsync(new AdminBootstrapState { FirstAdmin = adminId });
    }
}
