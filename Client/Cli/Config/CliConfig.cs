namespace EddCloud.Cli.Config;

/// <summary>What <c>edd login</c> remembers: the server, and the session token issued by that server.</summary>
public sealed record CliConfig(string Server, string? Token, string? Username, DateTimeOffset? ExpiresAt)
{
    // Records print every member by default; keep the token out of any log or message.
    public override string ToString() =>
        $"CliConfig {{ Server = {Server}, Username = {Username}, Token = {(Token is null ? "none" : "<redacted>")}, ExpiresAt = {ExpiresAt:O} }}";
}
