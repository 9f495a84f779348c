namespace EddCloud.Cli.Users;

/// <summary>An API token's public description; the secret itself is only in <see cref="CreateApiTokenResponse"/>.</summary>
public sealed record ApiToken(
    string Id,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt);
