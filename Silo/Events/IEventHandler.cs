using EddCloud.Grains.Events;

namespace EddCloud.Silo.Events;

/// <summary>
/// Handles events from a durable JetStream consumer. Register implementations in DI as <see cref="IEventHandler"/>;
/// <see cref="EventConsumerHost"/> runs one durable pull consumer per handler.
/// Delivery is at least once: the event is acknowledged only after <see cref="HandleAsync"/> returns, and
/// redelivered (with a growing delay) when it throws, when the silo crashes half-way, or when it takes longer than
/// the 30-second ack wait. Handlers must therefore be idempotent: seeing the same <see cref="EventEnvelope.Id"/>
/// twice, or after a partial run, must leave the same result as seeing it once.
/// </summary>
public interface IEventHandler
{
    /// <summary>The durable consumer name: unique per handler, stable across releases, letters, digits, '-' and '_'.</summary>
    string Name { get; }

    /// <summary>The subjects to receive, e.g. <c>edd.users.deleted</c> or <c>edd.users.&gt;</c>.</summary>
    string FilterSubject { get; }

    /// <summary>Handles one event; throw to have it redelivered later.</summary>
    Task HandleAsync(EventEnvelope envelope, CancellationToken ct);
}
