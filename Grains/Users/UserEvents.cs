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
public sealed record UserDeletedEvent(Guid UserId, string Username);
