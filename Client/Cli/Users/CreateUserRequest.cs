namespace EddCloud.Cli.Users;

public sealed record CreateUserRequest(string Username, string Password, string Role)
{
    public override string ToString() => $"CreateUserRequest {{ Username = {Username}, Role = {Role} }}";
}
