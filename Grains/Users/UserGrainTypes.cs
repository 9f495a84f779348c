using System.Collections.Immutable;

namespace EddCloud.Grains.Users;

// The records the Users grains pass to each other and to the silo (Orleans-serialized, stored in grain state); the HTTP wire types are the silo's UserApiTypes.

/// <summary>What anyone allowed to see a user may see.</summary>
[GenerateSerializer, Immutable, Alias("edd.users.info")]
public sealed record UserInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Username,
    [property: Id(2)] string Role,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>The stored password hash and its version; a session may only be opened against the version checked.</summary>
[GenerateSerializer, Immutable, Alias("edd.users.credential")]
public sealed record UserCredential(
    [property: Id(0)] UserInfo User,
    [property: Id(1)] string PasswordHash,
    [property: Id(2)] int PasswordVersion);

[GenerateSerializer, Immutable, Alias("edd.users.new-session")]
public sealed record NewSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] int PasswordVersion,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] string? Ip,
    [property: Id(4)] string? UserAgent);

[GenerateSerializer, Immutable, Alias("edd.users.session-info")]
public sealed record SessionInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] DateTimeOffset LastSeenAt,
    [property: Id(3)] DateTimeOffset ExpiresAt,
    [property: Id(4)] string? Ip,
    [property: Id(5)] string? UserAgent);

[GenerateSerializer, Immutable, Alias("edd.users.new-api-token")]
public sealed record NewApiToken(
    [property: Id(0)] Guid TokenId,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Scopes,
    [property: Id(3)] byte[] SecretHash,
    [property: Id(4)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable, Alias("edd.users.api-token-info")]
public sealed record ApiTokenInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<string> Scopes,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] DateTimeOffset? LastUsedAt);

/// <summary>Who a valid API token acts for, and what it may do.</summary>
[GenerateSerializer, Immutable, Alias("edd.users.api-token-grant")]
public sealed record ApiTokenGrant(
    [property: Id(0)] UserInfo User,
    [property: Id(1)] Guid TokenId,
    [property: Id(2)] ImmutableArray<string> Scopes);
