using System.Net;
using EddCloud.Tests.Dfs;
using EddCloud.Tests.Events;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Storage;

/// <summary>Two silo processes on one PostgreSQL and one NATS: progress lives in grains, not in the process that receives the bytes.</summary>
[IntegrationTest]
public sealed class StorageClusterTests(PostgresFixture postgres, NatsServerFixture nats) : IClassFixture<PostgresFixture>, IClassFixture<NatsServerFixture>, IAsyncLifetime
{
    private const int ChunkSize = 1024 * 1024;
    private readonly List<SiloProcess> _nodes = [];

    public async Task InitializeAsync() =>
        _nodes.AddRange(await DfsMaintenance.StartClusterAsync(postgres, nats, 2, DfsMaintenance.FastSettings(ChunkSize), "storage"));

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
    }

    [Fact]
    public async Task UploadThroughOneSilo_ProgressStreamOnTheOther_MonotonicEndingInSuccess()
    {
        using var admin = await _nodes[0].SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(_nodes[0], admin);
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        var bearer = owner.DefaultRequestHeaders.Authorization!.Parameter!;
        var uploadId = Guid.NewGuid();
        var content = StorageApi.Bytes(8 * ChunkSize + 123, 21);
        var events = await UploadProgressClient.FollowEventsAsync(_nodes[1], bearer, uploadId, TimeSpan.FromSeconds(90));

        using var request = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns.Id, "across.bin"))
        {
            Content = new UploadProgressClient.SlowContent(content, 32, TimeSpan.FromMilliseconds(50)),
        };
        request.Headers.Add("X-Upload-Id", uploadId.ToString());
        using (var response = await owner.SendAsync(request))
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var seen = await events;
        Assert.Equal(("succeeded", (long)content.Length), (seen[^1].State, seen[^1].CommittedBytes));
        Assert.True(seen.Count(e => e.State == "running" && e.CommittedBytes is > 0 and < 8 * ChunkSize) >= 2,
            $"committed bytes should grow chunk by chunk: {string.Join(", ", seen.Select(e => $"{e.State}:{e.ReceivedBytes}/{e.CommittedBytes}"))}");
        UploadProgressClient.AssertMonotonic(seen);
        using var reader = _nodes[1].CreateClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        Assert.Equal(content, await StorageApi.TryGetAsync(reader, ns.Id, "across.bin"));
    }
}
