namespace EddCloud.Cli.Users;

public sealed record CreateApiTokenRequest(string Name, IReadOnlyList<string> Scopes, int ExpiresInDays);
