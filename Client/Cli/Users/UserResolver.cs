using System.Text.RegularExpressions;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Users;

/// <summary>
/// Turns "<c>id|username</c>" into a user. The API addresses users by id only, so a username is
/// found by paging through <c>GET /api/admin/users</c>.
/// </summary>
public static partial class UserResolver
{
    public const int PageSize = 100;

    public static Task<User> ResolveAsync(EddApiClient api, string idOrUsername, CancellationToken ct) =>
        ResolveAsync(new UsersApi(api), idOrUsername, ct);

    public static async Task<User> ResolveAsync(UsersApi api, string idOrUsername, CancellationToken ct)
    {
        if (!Guid.TryParse(idOrUsername, out _) && UsernameShape().IsMatch(idOrUsername))
        {
            var byName = await FindByUsernameAsync(api, idOrUsername, ct);
            if (byName is not null)
            {
                return byName;
            }
        }

        try
        {
            return (await api.GetUserAsync(idOrUsername, ct)).Value;
        }
        catch (ApiException e) when ((int)e.Status is 404 or 400)
        {
            throw new CliUsageException($"no user has the id or username '{idOrUsername}'", "list users with `edd admin users ls --all`");
        }
    }

    /// <summary>Usernames are unique ignoring case, so the match ignores case too.</summary>
    public static async Task<User?> FindByUsernameAsync(UsersApi api, string username, CancellationToken ct)
    {
        string? after = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = (await api.ListUsersAsync(after, PageSize, ct)).Value;
            var match = page.Items.FirstOrDefault(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }

            if (page.Next is null)
            {
                return null;
            }

            // A server that hands back a cursor twice would otherwise keep us here forever.
            if (!seen.Add(page.Next))
            {
                throw new CliUsageException($"the server returned the paging cursor '{page.Next}' twice", "report this server bug; use the user id meanwhile");
            }

            after = page.Next;
        }
    }

    // docs/api.md: 3-32 characters, letters, digits, '_' and '-', starting with a letter.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{2,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernameShape();
}
