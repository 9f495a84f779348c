using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.Events;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Users;

/// <summary>
/// Two silo processes in cluster mode on one PostgreSQL and one NATS: a token minted by one silo
/// is verified by the other through the published keys, and a revocation on one silo is
/// enforced by the other within seconds.
/// </summary>
[IntegrationTest]
public sealed class CrossSiloRevocationTests : IClassFixture<PostgresFixture>, IClassFixture<NatsServerFixture>
{
    private readonly PostgresFixture _postgres;
    private readonly NatsServerFixture _nats;

    public CrossSiloRevocationTests(PostgresFixture postgres, NatsServerFixture nats)
    {
        _postgres = postgres;
        _nats = nats;
    }

    [Fact]
    public async Task ClusterOfTwoSilos_TokenFromOneWorksOnOther_RevocationOnOneEnforcedOnOtherWithinSeconds()
    {
        var database = await _postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            ["EDD_CLUSTER__MODE"] = "cluster",
            ["EDD_CLUSTER__POSTGRES"] = database,
            ["EDD_CLUSTER__CLUSTER_ID"] = "revocation-" + Guid.NewGuid().ToString("N")[..8],
            ["EDD_NATS__URL"] = _nats.Url,
            ["EDD_CLUSTER__ADVERTISED_ADDRESS"] = "127.0.0.1",
        };
        await using var first = await SiloProcess.StartAsync(settings);
        await using var second = await SiloProcess.StartAsync(settings);

        using var adminOnFirst = await first.SignInAsAdminAsync();
        var user = await TestUsers.CreateAsync(adminOnFirst);
        var login = await first.CreateClient().PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        var token = (await login.Content.ReadFromJsonAsync<TokenBody>())!;
        using var userOnSecond = second.CreateClient();
        userOnSecond.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);

        await ApiAssert.StatusAsync(await userOnSecond.GetAsync("/api/me"), HttpStatusCode.OK, "token minted by the first silo, used on the second");

        using var userOnFirst = first.CreateClient();
        userOnFirst.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);
        await ApiAssert.StatusAsync(await userOnFirst.PostAsync("/api/auth/logout", null), HttpStatusCode.NoContent, "logout on the first silo");

        // Each silo caches a session's liveness for 2 s: the second silo refuses it within 5 s.
        await ApiAssert.ChangesWithinAsync(async () => (await userOnSecond.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the second silo refusing the session logged out on the first");
    }

    private sealed record TokenBody(string Token);
}
