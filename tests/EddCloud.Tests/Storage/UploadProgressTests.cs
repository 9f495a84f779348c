using System.Net;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Storage;

/// <summary>Live progress of uploads on one node, and uploads cut off half-way: nothing partial, old content intact.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class UploadProgressTests(SiloFixture fixture)
{
    private const int Size = 6 * 1024 * 1024;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private SiloProcess Silo => fixture.Silo;

    private async Task<(HttpClient Owner, string Bearer, Guid Namespace)> OwnerAsync()
    {
        using var admin = await Silo.SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(Silo, admin);
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        return (owner, owner.DefaultRequestHeaders.Authorization!.Parameter!, ns.Id);
    }

    [Fact]
    public async Task ServerSentEvents_SlowUpload_MonotonicProgressEndingInSuccess()
    {
        var (owner, bearer, ns) = await OwnerAsync();
        var uploadId = Guid.NewGuid();
        var events = await UploadProgressClient.FollowEventsAsync(Silo, bearer, uploadId, Within);
        var content = StorageApi.Bytes(Size, 11);

        using var request = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns, "slow.bin"))
        {
            Content = new UploadProgressClient.SlowContent(content, 24, TimeSpan.FromMilliseconds(40)),
        };
        request.Headers.Add("X-Upload-Id", uploadId.ToString());
        using (var response = await owner.SendAsync(request))
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var seen = await events;
        Assert.Equal("waiting", seen[0].State);
        var last = seen[^1];
        Assert.Equal(("succeeded", (long)Size, (long)Size), (last.State, last.ReceivedBytes, last.CommittedBytes));
        Assert.Equal(["slow.bin"], last.Files);
        Assert.True(seen.Count(e => e.State == "running" && e.ReceivedBytes is > 0 and < Size) >= 3,
            $"expected progress along the way, saw {string.Join(", ", seen.Select(e => $"{e.State}:{e.ReceivedBytes}"))}");
        UploadProgressClient.AssertMonotonic(seen);
        Assert.Equal(content, await StorageApi.TryGetAsync(owner, ns, "slow.bin"));
    }

    [Fact]
    public async Task WebSocket_Upload_SameProgressEndingInSuccess()
    {
        var (owner, bearer, ns) = await OwnerAsync();
        var uploadId = Guid.NewGuid();
        var content = StorageApi.Bytes(Size, 12);

        var seen = await UploadProgressClient.FollowWebSocketAsync(Silo, bearer, uploadId, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns, "ws.bin"))
            {
                Content = new UploadProgressClient.SlowContent(content, 12, TimeSpan.FromMilliseconds(40)),
            };
            request.Headers.Add("X-Upload-Id", uploadId.ToString());
            using var response = await owner.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }, Within);

        Assert.Equal("succeeded", seen[^1].State);
        Assert.Equal(Size, seen[^1].CommittedBytes);
        Assert.Contains(seen, e => e.State == "running");
        UploadProgressClient.AssertMonotonic(seen);
    }

    [Fact]
    public async Task AnotherUsersStream_IsRefused()
    {
        var (owner, bearer, ns) = await OwnerAsync();
        var (_, strangerBearer, _) = await OwnerAsync();
        var uploadId = Guid.NewGuid();
        using (var request = StorageApi.Put(ns, "mine.txt", [1, 2, 3]))
        {
            request.Headers.Add("X-Upload-Id", uploadId.ToString());
            using var response = await owner.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        using var stranger = Silo.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", strangerBearer);
        using var refused = await stranger.GetAsync($"/api/uploads/{uploadId}/progress");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        // Reusing an id another upload holds is refused too.
        using var reuse = StorageApi.Put(ns, "again.txt", [4]);
        reuse.Headers.Add("X-Upload-Id", uploadId.ToString());
        using var conflict = await owner.SendAsync(reuse);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Null(await StorageApi.TryGetAsync(owner, ns, "again.txt"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UploadCutOffHalfWay_NothingPartialVisible_OldContentIntact_StreamSaysFailed(bool overwrite)
    {
        var (owner, bearer, ns) = await OwnerAsync();
        var old = StorageApi.Bytes(100_000, 13);
        if (overwrite)
            await StorageApi.PutAsync(owner, ns, "victim.bin", old);
        var uploadId = Guid.NewGuid();
        var events = await UploadProgressClient.FollowEventsAsync(Silo, bearer, uploadId, Within);

        await UploadProgressClient.PutAndDropAsync(Silo, bearer, StorageApi.FileUrl(ns, "victim.bin"), uploadId, Size, StorageApi.Bytes(Size / 2, 14));

        var seen = await events;
        Assert.Equal("failed", seen[^1].State);
        Assert.True(seen[^1].Error.HasValue, "a failed upload says why");
        Assert.Equal(overwrite ? old : null, await StorageApi.TryGetAsync(owner, ns, "victim.bin"));
        var listing = await StorageApi.ListAsync(owner, ns);
        Assert.Equal(overwrite ? [("victim.bin", 100_000L)] : [], listing.Items.Select(i => (i.Path, i.Size)));
        // The quota reservation of the failed upload is gone, and only what is stored counts.
        var usage = await StorageApi.UsageAsync(owner);
        Assert.Equal((overwrite ? 100_000L : 0L, 0L), (usage.UsedBytes, usage.ReservedBytes));
    }
}
