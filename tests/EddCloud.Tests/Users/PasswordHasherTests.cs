using System.Diagnostics;
using EddCloud.Silo.Users;

namespace EddCloud.Tests.Users;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_IsArgon2idPhcWithSalt_VerifiesOnlyTheRightPassword()
    {
        var hasher = new PasswordHasher();

        var first = PasswordHasher.Hash("correct horse battery");
        var second = PasswordHasher.Hash("correct horse battery");

        Assert.StartsWith("$argon2id$v=19$m=32768,t=3,p=1$", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.True(hasher.Verify("correct horse battery", first));
        Assert.False(hasher.Verify("correct horse batterY", first));
        Assert.False(hasher.Verify("correct horse battery", "$bcrypt$not-ours"));
    }

    [Fact]
    public void Verify_UnknownUser_SpendsAboutAsLongAsAWrongPassword()
    {
        // Not a performance target: a guard that the unknown-user path really runs argon2id,
        // so response times do not tell an attacker which usernames exist.
        var hasher = new PasswordHasher();
        var hash = PasswordHasher.Hash("some password here");
        var known = Median(() => hasher.Verify("wrong password 1", hash));
        var unknown = Median(() => hasher.Verify("wrong password 1", null));

        var ratio = unknown / known;
        Assert.True(ratio is > 0.5 and < 2.0, $"unknown-user verify took {unknown:F1} ms, known-user {known:F1} ms (ratio {ratio:F2})");
    }

    private static double Median(Func<bool> verify)
    {
        var samples = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            verify();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
