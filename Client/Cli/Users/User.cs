namespace EddCloud.Cli.Users;

/// <summary>A user as the API returns it. <c>Role</c> stays a string so new roles do not break old clients.</summary>
public sealed record User(string Id, string Username, string Role, DateTimeOffset CreatedAt);
