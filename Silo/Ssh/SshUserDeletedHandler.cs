using EddCloud.Grains.Events;
using EddCloud.Grains.Ssh;
using EddCloud.Grains.Users;
using EddCloud.Silo.Events;

namespace EddCloud.Silo.Ssh;

/// <summary>A deleted user's SSH keys go (idempotently: the grain ends empty and refuses new keys however often it runs).</summary>
public sealed class SshUserDeletedHandler(IGrainFactory grains) : IEventHandler
{
    public string Name => "ssh-user-deleted";

    public string FilterSubject => UserEvents.Deleted;

    public async Task HandleAsync(EventEnvelope envelope, CancellationToken ct)
    {
        var deleted = UserDeletedEvent.From(envelope);
        await grains.GetGrain<ISshKeysGrain>(deleted.UserId).DeleteAllAsync().WaitAsync(ct);
    }
}
