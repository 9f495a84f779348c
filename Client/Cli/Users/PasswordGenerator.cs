using System.Security.Cryptography;

namespace EddCloud.Cli.Users;

/// <summary>Generates passwords for new users and resets: 24 characters from a 62-symbol alphabet (about 142 bits).</summary>
public static class PasswordGenerator
{
    // Letters and digits only: survives copy-paste, shells and chat messages without quoting.
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public const int Length = 24;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
