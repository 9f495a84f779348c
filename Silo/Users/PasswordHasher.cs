using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace EddCloud.Silo.Users;

/// <summary>
/// argon2id in PHC string form. 32 MiB, 3 passes, 1 lane took about 70 ms on the project's
/// 2-core VMs (measured with NSec 26.4), inside the 50-100 ms budget. Hashes keep their
/// parameters, so raising them later still verifies old hashes.
/// </summary>
public sealed class PasswordHasher
{
    private const int MemoryKiB = 32 * 1024;
    private const int Passes = 3;
    private const int HashBytes = 32;

    /// <summary>Verified against when the username is unknown, so both answers take the same time.</summary>
    private readonly string _dummyHash;

    public PasswordHasher()
    {
        _dummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    }

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Algorithm(MemoryKiB, Passes).DeriveBytes(password, salt, HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={MemoryKiB},t={Passes},p=1${ToB64(salt)}${ToB64(hash)}");
    }

    /// <summary>True when <paramref name="password"/> matches; with a null hash it spends the same time and returns false.</summary>
    public bool Verify(string password, string? phcHash)
    {
        var (matches, derived) = VerifyCore(password, phcHash ?? _dummyHash);
        if (derived)
            Interlocked.Increment(ref _derivations);
        return phcHash is not null && matches;
    }

    private long _derivations;

    /// <summary>How many argon2id derivations this hasher's verifications ran (for the equal-work test of unknown users).</summary>
    internal long Derivations => Interlocked.Read(ref _derivations);

    /// <summary>The parameters part of the hash unknown users are checked against; the same as real hashes.</summary>
    internal string DummyParameters => _dummyHash.Split('$')[3];

    private static (bool Matches, bool Derived) VerifyCore(string password, string phc)
    {
        // $argon2id$v=19$m=32768,t=3,p=1$salt$hash
        var parts = phc.Split('$');
        if (parts.Length != 6 || parts[1] != "argon2id")
            return (false, false);
        var parameters = parts[3].Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        var salt = FromB64(parts[4]);
        var expected = FromB64(parts[5]);
        var actual = Algorithm(parameters["m"], parameters["t"]).DeriveBytes(password, salt, expected.Length);
        return (CryptographicOperations.FixedTimeEquals(actual, expected), true);
    }

    private static Argon2id Algorithm(long memoryKiB, long passes)
    {
        var parameters = new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKiB, NumberOfPasses = passes };
        return PasswordBasedKeyDerivationAlgorithm.Argon2id(in parameters);
    }

    private static string ToB64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromB64(string text) => Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
