namespace EddCloud.Grains.Events;

/// <summary>A domain event as it travels on JetStream. <see cref="Id"/> is the de-duplication key (Nats-Msg-Id).</summary>
[GenerateSerializer, Immutable, Alias("edd.event-envelope")]
public sealed record EventEnvelope(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Subject,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string Data);
