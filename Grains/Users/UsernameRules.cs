using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Users;

/// <summary>
/// Usernames appear in SSH logins (<c>user.container@host</c>), host names and paths, so they are
/// kept to letters, digits, '_' and '-', start with a letter, and are unique ignoring case.
/// </summary>
public static class UsernameRules
{
    public const int MinLength = 3;
    public const int MaxLength = 32;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "root", "system", "api", "www", "edd", "eddcloud", "anonymous", "public", "null", "undefined",
    };

    /// <summary>Throws a validation error that says how to fix the name.</summary>
    public static void Validate(string? username)
    {
        if (string.IsNullOrEmpty(username))
            throw EddException.Validation("username", "Username is required.");
        if (username.Length < MinLength || username.Length > MaxLength)
            throw EddException.Validation("username", $"Username must be {MinLength} to {MaxLength} characters long.");
        if (!char.IsAsciiLetter(username[0]))
            throw EddException.Validation("username", "Username must start with a letter (a-z).");
        foreach (var c in username)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
                throw EddException.Validation("username", "Username may contain only letters a-z, digits, '_' and '-'.");
        }
        if (Reserved.Contains(username))
            throw EddException.Validation("username", $"The username '{username}' is reserved; choose another.");
    }

    /// <summary>The key under which a name is unique.</summary>
    public static string Normalize(string username) => username.ToLowerInvariant();
}
