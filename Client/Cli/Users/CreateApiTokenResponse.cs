namespace EddCloud.Cli.Users;

/// <summary>Answer of <c>POST /api/me/tokens</c>: the only time the token's secret is shown.</summary>
public sealed record CreateApiTokenResponse(string Token, ApiToken Info)
{
    public override string ToString() => $"CreateApiTokenResponse {{ Info = {Info} }}";
}
