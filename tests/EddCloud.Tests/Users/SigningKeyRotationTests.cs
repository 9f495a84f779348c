using EddCloud.Grains.Users;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Users;
using EddCloud.Silo.Users.Tokens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EddCloud.Tests.Users;

[Collection(GrainsClusterCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SigningKeyRotationTests(GrainsClusterFixture fixture) : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("edd-keys-");

    [Fact]
    public async Task Rotation_TokenSignedJustBefore_StillVerifies_NewTokensUseNewKey_PrivateKeyFileIsOwnerOnly()
    {
        var time = GrainsClusterFixture.Time;
        var auth = Options.Create(new AuthOptions { KeyRotation = TimeSpan.FromDays(30), TokenLifetime = TimeSpan.FromDays(1) });
        using var keys = new SigningKeyStore(Options.Create(new EddOptions { DataDirectory = _data.FullName }), auth, fixture.Grains, time, NullLogger<SigningKeyStore>.Instance);
        var jwks = new JwksCache(fixture.Grains, time);
        var tokens = new SessionTokens(keys, jwks, auth, time, NullLogger<SessionTokens>.Instance);
        var user = new UserInfo(Guid.NewGuid(), "rotator", Roles.User, time.GetUtcNow());

        var first = await keys.RotateIfDueAsync();
        time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromHours(1));
        var before = await tokens.IssueAsync(user, Guid.NewGuid(), time.GetUtcNow() + auth.Value.TokenLifetime);
        time.Advance(TimeSpan.FromHours(2));
        var after = await tokens.IssueAsync(user, Guid.NewGuid(), time.GetUtcNow() + auth.Value.TokenLifetime);
        var (currentKeyId, _) = await keys.GetSigningKeyAsync();

        Assert.NotEqual(first.KeyId, currentKeyId);
        Assert.NotNull(await tokens.VerifyAsync(before));
        Assert.NotNull(await tokens.VerifyAsync(after));
        var published = await fixture.Grains.GetGrain<IJwksGrain>(IJwksGrain.Key).ListAsync();
        Assert.Contains(published, k => k.KeyId == first.KeyId);
        Assert.Contains(published, k => k.KeyId == currentKeyId);
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(_data.FullName, "keys"), "jwt-*.pem"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));

        // Once every token the old key could have signed has expired, its public half is gone too.
        time.Advance(TimeSpan.FromDays(2));
        Assert.Null(await tokens.VerifyAsync(before));
        await keys.RotateIfDueAsync();
        Assert.DoesNotContain(await fixture.Grains.GetGrain<IJwksGrain>(IJwksGrain.Key).ListAsync(), k => k.KeyId == first.KeyId && k.NotAfter <= time.GetUtcNow());
    }

    public void Dispose() => _data.Delete(recursive: true);
}
