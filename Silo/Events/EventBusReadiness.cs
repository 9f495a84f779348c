using EddCloud.Silo.Hosting;

namespace EddCloud.Silo.Events;

/// <summary>/readyz waits for the event bus: a silo whose events cannot be published is not ready.</summary>
internal sealed class EventBusReadiness(NatsConnectionProvider nats) : IReadinessCheck
{
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await nats.GetJetStreamAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"event bus unavailable ({exception.GetType().Name})";
        }
    }
}
