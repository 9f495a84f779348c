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
    public void Verify_UnknownUser_RunsTheSameArgon2idWorkAsAWrongPassword()
    {
        // Counted, not timed: the unknown-user path must derive once with the real parameters,
        // so response times do not tell an attacker which usernames exist.
        var hasher = new PasswordHasher();
        var hash = PasswordHasher.Hash("some password here");
        var before = hasher.Derivations;

        Assert.False(hasher.Verify("wrong password 1", null));
        var afterUnknown = hasher.Derivations;
        Assert.False(hasher.Verify("wrong password 1", hash));
        var afterKnown = hasher.Derivations;

        Assert.True(afterUnknown - before == 1, "the unknown-user path ran no argon2id derivation");
        Assert.True(afterKnown - afterUnknown == 1, "the known-user path ran no argon2id derivation");
        Assert.Equal(hash.Split('$')[3], hasher.DummyParameters);
    }
}
