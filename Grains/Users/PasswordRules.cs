using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Users;

/// <summary>Password rules, checked before hashing. Length matters most; the rest stops the obvious.</summary>
public static class PasswordRules
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password123", "password1234", "1234567890", "qwertyuiop", "iloveyou12", "letmein123",
        "administrator", "passw0rd123", "0123456789", "abcdefghij", "welcome123", "changeme123",
    };

    public static void Validate(string? password, string? username, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
            throw EddException.Validation(field, "Password is required.");
        if (password.Length < MinLength)
            throw EddException.Validation(field, $"Password must be at least {MinLength} characters long.");
        if (password.Length > MaxLength)
            throw EddException.Validation(field, $"Password must be at most {MaxLength} characters long.");
        if (password.Distinct().Count() == 1)
            throw EddException.Validation(field, "Password must not be one character repeated.");
        if (username is not null && password.Contains(username, StringComparison.OrdinalIgnoreCase))
            throw EddException.Validation(field, "Password must not contain the username.");
        if (Common.Contains(password))
            throw EddException.Validation(field, "This password is too common; choose another.");
    }
}
