using System.Collections.Immutable;
using EddCloud.Grains.Events;

namespace EddCloud.Grains.Users;

/// <summary>The persisted state of <see cref="UserGrain"/>. Sessions and tokens are capped, so it stays small.</summary>
[GenerateSerializer, Alias("edd.users.state")]
public sealed record UserState
{
    [Id(0)] public string? Username { get; init; }
    [Id(1)] public string Role { get; init; } = Roles.User;
    [Id(2)] public string PasswordHash { get; init; } = "";
    /// <summary>Bumped on every password change; a sign-in verified against an older hash opens no session.</summary>
    [Id(3)] public int PasswordVersion { get; init; }
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>A tombstone: the id never comes back to life, so old tokens can never match again.</summary>
    [Id(5)] public bool Deleted { get; init; }
    [Id(6)] public ImmutableArray<SessionRecord> Sessions { get; init; } = [];
    [Id(7)] public ImmutableArray<ApiTokenRecord> ApiTokens { get; init; } = [];
    /// <summary>Events written with the change that caused them, removed once JetStream acknowledged them.</summary>
    [Id(8)] public ImmutableArray<EventEnvelope> PendingEvents { get; init; } = [];
    /// <summary>False until the user directory (listing index) reflects this user's latest state.</summary>
    [Id(9)] public bool DirectoryInSync { get; init; } = true;

    public bool Exists => Username is not null && !Deleted;
}

[GenerateSerializer, Immutable, Alias("edd.users.session-record")]
public sealed record SessionRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastSeenAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? Ip,
    [property: Id(5)] string? UserAgent);

[GenerateSerializer, Immutable, Alias("edd.users.api-token-record")]
public sealed record ApiTokenRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Scopes,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset ExpiresAt,
    [property: Id(6)] DateTimeOffset? LastUsedAt);
