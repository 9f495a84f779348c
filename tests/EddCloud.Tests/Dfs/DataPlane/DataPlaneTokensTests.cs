using EddCloud.Grains.Users;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Users;
using EddCloud.Silo.Users.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EddCloud.Tests.Dfs.DataPlane;

[Collection(DataPlaneClusterCollection.Name)]
public sealed class DataPlaneTokensTests(DataPlaneClusterFixture cluster)
{
    [Fact]
    public async Task VerifyAsync_TokenIssuedByAnotherNode_ReturnsTheGrant()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var grant = new DataPlaneGrant(Guid.NewGuid(), 7, DataPlaneAccess.Write, "disk-x", 1234, bed[1].Name);

        var token = await bed[0].Tokens.IssueAsync(grant);

        Assert.Equal(grant, await bed[1].Tokens.VerifyAsync(token));
        Assert.Equal((grant.ChunkId, grant.Version), DataPlaneTokens.ReadAddress(token));
    }

    [Fact]
    public async Task VerifyAsync_SessionJwt_ReturnsNull()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var sessions = ActivatorUtilities.CreateInstance<SessionTokens>(bed[0].Services);
        var session = await sessions.IssueAsync(new UserInfo(Guid.NewGuid(), "alice", Roles.Admin, DateTimeOffset.UtcNow), Guid.NewGuid(), DateTimeOffset.UtcNow.AddHours(1));
        Assert.NotNull(await sessions.VerifyAsync(session));

        Assert.Null(await bed[0].Tokens.VerifyAsync(session));
    }

    [Fact]
    public async Task SessionVerifyAsync_DataPlaneToken_ReturnsNull()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var sessions = ActivatorUtilities.CreateInstance<SessionTokens>(bed[0].Services);

        var token = await bed[0].IssueAsync(bed[0], Guid.NewGuid(), 1, DataPlaneAccess.Manage);

        Assert.Null(await sessions.VerifyAsync(token));
    }

    [Fact]
    public async Task VerifyAsync_Expired_ReturnsNull()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var token = await ExpiredTokenAsync(bed[0], new DataPlaneGrant(Guid.NewGuid(), 1, DataPlaneAccess.Read, null, null, bed[0].Name));

        Assert.Null(await bed[0].Tokens.VerifyAsync(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJjaGsiOiIwIn0.")]
    public async Task VerifyAsync_Garbage_ReturnsNull(string token)
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);

        Assert.Null(await bed[0].Tokens.VerifyAsync(token));
    }

    [Fact]
    public async Task IssueAsync_WriteWithoutLimit_Throws()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            bed[0].Tokens.IssueAsync(new DataPlaneGrant(Guid.NewGuid(), 1, DataPlaneAccess.Write, "disk", null, bed[0].Name)));
    }

    /// <summary>A token with a one-second lifetime (set through the options) issued five minutes ago.</summary>
    internal static Task<string> ExpiredTokenAsync(DataPlaneNode issuer, DataPlaneGrant grant)
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
        var tokens = new DataPlaneTokens(
            issuer.Services.GetRequiredService<SigningKeyStore>(),
            issuer.Services.GetRequiredService<JwksCache>(),
            Options.Create(new DataPlaneOptions { TokenLifetime = TimeSpan.FromSeconds(1) }),
            past);
        return tokens.IssueAsync(grant);
    }
}
