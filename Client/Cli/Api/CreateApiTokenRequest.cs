namespace EddCloud.Cli.Api;

public sealed record CreateApiTokenRequest(string Name, IReadOnlyList<string> Scopes, int ExpiresInDays);
