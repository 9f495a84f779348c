namespace EddCloud.Cli.Users;

public sealed record SetRoleRequest(string Role);
