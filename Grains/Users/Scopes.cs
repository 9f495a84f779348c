namespace EddCloud.Grains.Users;

/// <summary>
/// What an API token may do. A signed-in session has every scope its role allows; an API token
/// has only the scopes it was created with, and admin scopes only while its owner is an admin.
/// No scope lets a token manage tokens, sessions or passwords.
/// </summary>
public static class Scopes
{
    public const string AccountRead = "account:read";
    public const string AdminRead = "admin:read";
    public const string AdminWrite = "admin:write";
    /// <summary>Read the owner's own namespaces and files (private ones included).</summary>
    public const string FilesRead = "files:read";
    /// <summary>Change the owner's own namespaces and files.</summary>
    public const string FilesWrite = "files:write";
    /// <summary>See the owner's containers, their logs, stats and ingress rules.</summary>
    public const string ContainersRead = "containers:read";
    /// <summary>Create, start, stop, change and delete the owner's containers.</summary>
    public const string ContainersWrite = "containers:write";

    public static readonly IReadOnlyList<string> All = [AccountRead, AdminRead, AdminWrite, FilesRead, FilesWrite, ContainersRead, ContainersWrite];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    public static bool RequiresAdmin(string scope) => scope.StartsWith("admin:", StringComparison.Ordinal);
}
