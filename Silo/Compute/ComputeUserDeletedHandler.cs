using EddCloud.Grains.Compute;
using EddCloud.Grains.Events;
using EddCloud.Grains.Users;
using EddCloud.Silo.Events;

namespace EddCloud.Silo.Compute;

/// <summary>
/// A deleted user's containers go with their volumes and ingress rules. Idempotent: the account refuses new
/// containers from then on, and each container grain records its deletion before acting, so a redelivery after a
/// crash finishes whatever was left.
/// </summary>
public sealed class ComputeUserDeletedHandler(IGrainFactory grains) : IEventHandler
{
    public string Name => "compute-user-deleted";

    public string FilterSubject => UserEvents.Deleted;

    public async Task HandleAsync(EventEnvelope envelope, CancellationToken ct)
    {
        var deleted = UserDeletedEvent.From(envelope);
        await grains.GetGrain<IComputeAccountGrain>(deleted.UserId).DeleteAllAsync().WaitAsync(ct);
    }
}
