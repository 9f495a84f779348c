using System.Collections.Immutable;
using EddCloud.Grains.Persistence;

namespace EddCloud.Grains.Users;

[GenerateSerializer, Alias("edd.users.jwks-state")]
public sealed record JwksState
{
    [Id(0)] public ImmutableArray<PublicSigningKey> Keys { get; init; } = [];
}

internal sealed class JwksGrain(
    [PersistentState("jwks", StorageNames.Default)] IPersistentState<JwksState> state,
    TimeProvider time) : Grain, IJwksGrain
{
    public async Task PublishAsync(PublicSigningKey key)
    {
        var now = time.GetUtcNow();
        var keys = state.State.Keys.RemoveAll(k => k.NotAfter <= now || k.KeyId == key.KeyId).Add(key);
        if (keys.SequenceEqual(state.State.Keys))
            return;
        await state.WriteAsync(state.State with { Keys = keys });
    }

    public Task<ImmutableArray<PublicSigningKey>> ListAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(state.State.Keys.RemoveAll(k => k.NotAfter <= now));
    }
}
