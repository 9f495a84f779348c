using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;

namespace EddCloud.Tests.Users;

[Collection(GrainsClusterCollection.Name)]
public sealed class UserGrainTests(GrainsClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task UsernameClaim_TwentyConcurrentClaimers_ExactlyOneOwner()
    {
        var name = Grains.GetGrain<IUsernameGrain>("race-" + Guid.NewGuid().ToString("N"));
        var claimers = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var owners = await Task.WhenAll(claimers.Select(name.ClaimAsync));

        var owner = Assert.Single(owners.Distinct());
        Assert.Contains(owner, claimers);
        Assert.Equal(owner, await name.GetOwnerAsync());
    }

    [Fact]
    public async Task Session_AfterItsExpiry_NoLongerValid()
    {
        var user = await CreateUserAsync();
        var sessionId = Guid.NewGuid();
        await user.OpenSessionAsync(new NewSession(sessionId, 1, GrainsClusterFixture.Time.GetUtcNow().AddHours(24), "10.0.0.1", "test"));
        Assert.NotNull(await user.ValidateSessionAsync(sessionId, null));

        GrainsClusterFixture.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        Assert.Null(await user.ValidateSessionAsync(sessionId, null));
        Assert.Empty(await user.ListSessionsAsync());
    }

    [Fact]
    public async Task OpenSession_AfterPasswordChanged_Refused()
    {
        var user = await CreateUserAsync();
        var checkedVersion = (await user.GetCredentialAsync())!.PasswordVersion;
        await user.SetPasswordAsync("$argon2id$changed", keepSessionId: null);

        var error = await Assert.ThrowsAsync<EddException>(() =>
            user.OpenSessionAsync(new NewSession(Guid.NewGuid(), checkedVersion, GrainsClusterFixture.Time.GetUtcNow().AddHours(1), null, null)));

        Assert.Equal(ErrorCodes.Unauthorized, error.Code);
        Assert.Empty(await user.ListSessionsAsync());
    }

    [Fact]
    public async Task Sessions_BeyondTheCap_OldestRevoked()
    {
        var user = await CreateUserAsync();
        var first = Guid.NewGuid();
        await user.OpenSessionAsync(new NewSession(first, 1, GrainsClusterFixture.Time.GetUtcNow().AddHours(24), null, null));
        for (var i = 0; i < 100; i++)
        {
            GrainsClusterFixture.Time.Advance(TimeSpan.FromMilliseconds(1));
            await user.OpenSessionAsync(new NewSession(Guid.NewGuid(), 1, GrainsClusterFixture.Time.GetUtcNow().AddHours(24), null, null));
        }

        Assert.Equal(100, (await user.ListSessionsAsync()).Length);
        Assert.Null(await user.ValidateSessionAsync(first, null));
    }

    [Fact]
    public async Task Delete_WhileEventBusDown_EventKeptAndPublishedOnceWhenBack()
    {
        var user = await CreateUserAsync();
        var id = user.GetPrimaryKey();
        GrainsClusterFixture.Events.Failing = true;
        try
        {
            Assert.True(await user.DeleteAsync());
            Assert.DoesNotContain(GrainsClusterFixture.Events.Stored.Values, e => e.Subject == UserEvents.Deleted && e.Data.Contains(id.ToString(), StringComparison.Ordinal));
        }
        finally
        {
            GrainsClusterFixture.Events.Failing = false;
        }

        // The outbox reminder's tick (called directly here instead of waiting a minute).
        await user.AsReference<IRemindable>().ReceiveReminder("outbox", default);
        await user.AsReference<IRemindable>().ReceiveReminder("outbox", default);

        var published = GrainsClusterFixture.Events.Stored.Values.Where(e => e.Subject == UserEvents.Deleted && e.Data.Contains(id.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Single(published);
        Assert.Null(await user.GetAsync());
        Assert.False(await user.DeleteAsync());
    }

    [Fact]
    public async Task Delete_RevokesSessionsAndTokens_FreesTheName()
    {
        var user = await CreateUserAsync();
        var info = (await user.GetAsync())!;
        var sessionId = Guid.NewGuid();
        await user.OpenSessionAsync(new NewSession(sessionId, 1, GrainsClusterFixture.Time.GetUtcNow().AddHours(1), null, null));
        var tokenId = Guid.NewGuid();
        var secretHash = new byte[32];
        await user.CreateApiTokenAsync(new NewApiToken(tokenId, "t", ["account:read"], secretHash, GrainsClusterFixture.Time.GetUtcNow().AddDays(1)));

        await user.DeleteAsync();

        Assert.Null(await user.ValidateSessionAsync(sessionId, null));
        Assert.Null(await user.ValidateApiTokenAsync(tokenId, secretHash));
        Assert.Null(await Grains.GetGrain<IUsernameGrain>(UsernameRules.Normalize(info.Username)).GetOwnerAsync());
        var (page, _) = await UserDirectory.ListAsync(Grains, UsernameRules.Normalize(info.Username)[..^1], 10);
        Assert.DoesNotContain(page, u => u.Id == info.Id);
    }

    [Fact]
    public async Task ApiToken_AdminScopes_DroppedWhenOwnerIsNoLongerAdmin()
    {
        var user = await CreateUserAsync(Roles.Admin);
        var tokenId = Guid.NewGuid();
        var secretHash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        await user.CreateApiTokenAsync(new NewApiToken(tokenId, "ops", ["account:read", "admin:write"], secretHash, GrainsClusterFixture.Time.GetUtcNow().AddDays(1)));
        Assert.Contains("admin:write", (await user.ValidateApiTokenAsync(tokenId, secretHash))!.Scopes);

        await user.SetRoleAsync(Roles.User);

        Assert.Equal(["account:read"], (await user.ValidateApiTokenAsync(tokenId, secretHash))!.Scopes.ToArray());
    }

    [Fact]
    public async Task Directory_ManyUsersAcrossBuckets_PagesInNameOrderWithoutGapsOrRepeats()
    {
        var prefix = "dir" + Guid.NewGuid().ToString("N")[..6];
        var names = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var user = await CreateUserAsync(username: $"{prefix}-{i:D2}");
            names.Add((await user.GetAsync())!.Username);
        }

        var seen = new List<string>();
        string? after = prefix;
        for (var page = 0; page < 100; page++)
        {
            var (items, next) = await UserDirectory.ListAsync(Grains, after, 7);
            seen.AddRange(items.Select(u => u.Username).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
            if (next is null || !next.StartsWith(prefix, StringComparison.Ordinal))
                break;
            after = next;
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), seen);
    }

    private async Task<IUserGrain> CreateUserAsync(string role = Roles.User, string? username = null)
    {
        var user = Grains.GetGrain<IUserGrain>(Guid.NewGuid());
        await user.CreateAsync(username ?? "u" + Guid.NewGuid().ToString("N")[..12], role, "$argon2id$test");
        return user;
    }
}
