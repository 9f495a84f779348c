namespace EddCloud.Cli.Users;

public sealed record CredentialsRequest(string Username, string Password)
{
    public override string ToString() => $"CredentialsRequest {{ Username = {Username} }}";
}
