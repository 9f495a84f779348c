namespace EddCloud.Grains.Events;

/// <summary>
/// Publishes an event and returns only once JetStream has acknowledged it. Publishing the
/// same <see cref="EventEnvelope.Id"/> twice stores it once (JetStream de-duplication), so
/// callers retry freely. Throws when the event could not be stored.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default);
}
