namespace EddCloud.Cli.Users;

/// <summary>A signed-in session (dashboard cookie or CLI token).</summary>
public sealed record Session(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? Ip,
    string? UserAgent,
    bool Current);
