namespace EddCloud.Cli.Api;

public sealed record CreateUserRequest(string Username, string Password, string Role)
{
    public override string ToString() => $"CreateUserRequest {{ Username = {Username}, Role = {Role} }}";
}
