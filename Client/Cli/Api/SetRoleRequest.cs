namespace EddCloud.Cli.Api;

public sealed record SetRoleRequest(string Role);
