namespace EddCloud.Grains.Users;

/// <summary>JetStream subjects of the Users capability and their payloads.</summary>
public static class UserEvents
{
    public const string Created = "edd.users.created";
    public const string Deleted = "edd.users.deleted";
}

/// <summary>Payload of <see cref="UserEvents.Created"/>.</summary>
public sealed record UserCreatedEvent(Guid UserId, string Username, string Role);

/// <summary>Payload of <see cref="UserEvents.Deleted"/>: every capability removes what the user held.</summary>
public sealed record UserDeletedEvent(Guid UserId, string Username)
{
    /// <summary>The payload of a deleted-user event; a JsonException when it has none (the consumer retries, then parks it).</summary>
    public static UserDeletedEvent From(Events.EventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return System.Text.Json.JsonSerializer.Deserialize<UserDeletedEvent>(envelope.Data, Events.EventJson.Options)
            ?? throw new System.Text.Json.JsonException($"Event {envelope.Id} has no payload.");
    }
}
