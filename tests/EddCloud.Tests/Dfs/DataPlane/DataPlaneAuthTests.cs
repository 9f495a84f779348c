using System.Net;
using System.Net.Http.Headers;
using EddCloud.Grains.Users;
using EddCloud.Silo.Dfs.DataPlane;
using EddCloud.Silo.Users.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace EddCloud.Tests.Dfs.DataPlane;

[Collection(DataPlaneClusterCollection.Name)]
public sealed class DataPlaneAuthTests(DataPlaneClusterFixture cluster)
{
    public enum Misuse { None, Garbage, BasicScheme, Expired, SessionJwt, OtherChunk, OtherVersion, OtherNode, ReadTokenToWrite }

    [Theory]
    [InlineData(Misuse.None, 401)]
    [InlineData(Misuse.Garbage, 401)]
    [InlineData(Misuse.BasicScheme, 401)]
    [InlineData(Misuse.Expired, 401)]
    [InlineData(Misuse.SessionJwt, 401)]
    [InlineData(Misuse.OtherChunk, 403)]
    [InlineData(Misuse.OtherVersion, 403)]
    [InlineData(Misuse.OtherNode, 403)]
    [InlineData(Misuse.ReadTokenToWrite, 403)]
    public async Task Stage_MisusedToken_RefusedAndNothingStaged(Misuse misuse, int status)
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var node = bed[0];
        var chunkId = Guid.NewGuid();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, ChunkUri(node, chunkId, 1))
        {
            Content = new ByteArrayContent(DataPlaneTestBed.RandomBytes(4096, seed: 20)) { Headers = { ContentType = new("application/octet-stream") } },
        };
        request.Headers.Authorization = await AuthorizationAsync(bed, misuse, chunkId);

        using var response = await http.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await node.ReplicasAsync());
    }

    [Fact]
    public async Task Read_WriteTokenOrOtherVersionOrOtherNode_Refused403()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var chunkId = await bed.WriteCommittedAsync(DataPlaneTestBed.RandomBytes(1000, seed: 21), [bed[0]]);
        var misused = new[]
        {
            await bed.Issuer.IssueAsync(bed[0], chunkId, 1, DataPlaneAccess.Write),
            await bed.Issuer.IssueAsync(bed[0], chunkId, 2, DataPlaneAccess.Read),
            await bed.Issuer.IssueAsync(bed[1], chunkId, 1, DataPlaneAccess.Read),
            await bed.Issuer.IssueAsync(bed[0], chunkId, 1, DataPlaneAccess.Manage),
        };

        using var http = new HttpClient();
        foreach (var token in misused)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ChunkUri(bed[0], chunkId, 1)) { Headers = { Authorization = Bearer(token) } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task DeleteAndAbort_ReadToken_Refused403AndReplicaKept()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var data = DataPlaneTestBed.RandomBytes(5000, seed: 22);
        var chunkId = await bed.WriteCommittedAsync(data);
        var read = await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Read);

        Assert.Equal(403, (await Assert.ThrowsAsync<DataPlaneException>(() => bed.Client.DeleteAsync(read, CancellationToken.None))).StatusCode);
        Assert.Equal(403, (await Assert.ThrowsAsync<DataPlaneException>(() => bed.Client.CommitAsync(read, CancellationToken.None))).StatusCode);
        Assert.Equal(403, (await Assert.ThrowsAsync<DataPlaneException>(() => bed.Client.VerifyAsync(read, CancellationToken.None))).StatusCode);

        await using var stream = await bed.Client.OpenReadAsync(read, 0, data.Length, CancellationToken.None);
        Assert.Equal(data, await DataPlaneTestBed.ReadAllAsync(stream));
    }

    [Fact]
    public async Task Delete_ManageToken_RemovesReplica()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var chunkId = await bed.WriteCommittedAsync(DataPlaneTestBed.RandomBytes(5000, seed: 23));

        await bed.Client.DeleteAsync(await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Manage), CancellationToken.None);

        Assert.Empty(await bed[0].ReplicasAsync());
    }

    [Theory]
    [InlineData("GET /dfs/v1/chunks/not-a-guid/1")]
    [InlineData("GET /dfs/v1/chunks/{id}/abc")]
    [InlineData("GET /dfs/v1/chunks/{id}/-1")]
    [InlineData("GET /dfs/v1/chunks/../../../../etc/passwd")]
    [InlineData("GET /dfs/v1/chunks/{id}/1/../../../../../etc/passwd")]
    [InlineData("GET /dfs/v1/chunks/..%2F..%2F..%2Fetc%2Fpasswd/1")]
    [InlineData("GET /dfs/v1/chunks/%2e%2e/1")]
    [InlineData("PUT /dfs/v1/chunks/..%2F..%2Fescape/1")]
    [InlineData("PUT /dfs/v1/chunks/{id}/1/..%2F..%2Fescape")]
    [InlineData("PUT /dfs/v1/chunks/{id}%00/1")]
    public async Task Request_MalformedChunkIdOrDotDot_Answers404AndTouchesNoStore(string requestLine)
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var chunkId = Guid.NewGuid();
        var token = await bed.Issuer.IssueAsync(bed[0], chunkId, 1, requestLine.StartsWith("PUT", StringComparison.Ordinal) ? DataPlaneAccess.Write : DataPlaneAccess.Read);

        var status = await RawRequest.SendAsync(bed[0].BaseUri, requestLine.Replace("{id}", chunkId.ToString("N"), StringComparison.Ordinal), token, body: new byte[100]);

        Assert.True(status is 404 or 400, $"'{requestLine}' answered {status}; it must never reach the store");
        Assert.Empty(await bed[0].ReplicasAsync());
        Assert.Empty(Directory.EnumerateFiles(bed[0].Directory, "*escape*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Stage_DeclaredLengthAboveTokenLimit_Answers413AndNothingStaged()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var chunkId = Guid.NewGuid();
        var target = await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Write, maxLength: 1000);

        var error = await Assert.ThrowsAsync<DataPlaneException>(() =>
            bed.Client.StageAsync(target, new ByteArrayContent(new byte[1001]), CancellationToken.None));

        Assert.Equal(413, error.StatusCode);
        Assert.Empty(await bed[0].ReplicasAsync());
    }

    [Fact]
    public async Task Stage_StreamedBodyAboveTokenLimit_ReplicaFailsWith413AndNothingStaged()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var chunkId = Guid.NewGuid();
        var target = await bed[0].TargetAsync(bed.Issuer, chunkId, 1, DataPlaneAccess.Write, maxLength: 2 * 1024 * 1024 + 1);

        await using var writer = ChunkFanOutWriter.Start(bed.Client, [target], TimeSpan.FromSeconds(5), CancellationToken.None);
        for (var i = 0; i < 6; i++)
            await writer.WriteAsync(new byte[512 * 1024], CancellationToken.None);
        var result = await writer.CompleteAsync(CancellationToken.None);

        var failed = Assert.IsType<ReplicaWriteOutcome.Failed>(Assert.Single(result.Replicas));
        Assert.Contains("413", failed.Reason, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await bed[0].ReplicasAsync()).Count == 0, "a too-long body left a staged replica");
    }

    [Fact]
    public async Task Stage_BodyAboveGlobalLimitWithinToken_Accepted()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var target = await bed[0].TargetAsync(bed.Issuer, Guid.NewGuid(), 1, DataPlaneAccess.Write, maxLength: 5 * 1024 * 1024);

        var staged = await bed.Client.StageAsync(target, new ByteArrayContent(new byte[5 * 1024 * 1024]), CancellationToken.None);

        Assert.Equal(5 * 1024 * 1024, staged.Length);
    }

    private static Uri ChunkUri(DataPlaneNode node, Guid chunkId, long version) => new(node.BaseUri, $"dfs/v1/chunks/{chunkId:N}/{version}");

    private static async Task<AuthenticationHeaderValue?> AuthorizationAsync(DataPlaneTestBed bed, Misuse misuse, Guid chunkId)
    {
        var node = bed[0];
        return misuse switch
        {
            Misuse.None => null,
            Misuse.Garbage => new AuthenticationHeaderValue("Bearer", "abc.def.ghi"),
            Misuse.BasicScheme => new AuthenticationHeaderValue("Basic", Convert.ToBase64String("a:b"u8.ToArray())),
            Misuse.Expired => Bearer(await DataPlaneTokensTests.ExpiredTokenAsync(bed.Issuer,
                new DataPlaneGrant(chunkId, 1, DataPlaneAccess.Write, node.DiskId, 1 << 20, node.Name))),
            Misuse.SessionJwt => Bearer(await ActivatorUtilities.CreateInstance<SessionTokens>(node.Services)
                .IssueAsync(new UserInfo(Guid.NewGuid(), "alice", "admin", DateTimeOffset.UtcNow), Guid.NewGuid(), DateTimeOffset.UtcNow.AddHours(1))),
            Misuse.OtherChunk => Bearer(await bed.Issuer.IssueAsync(node, Guid.NewGuid(), 1, DataPlaneAccess.Write)),
            Misuse.OtherVersion => Bearer(await bed.Issuer.IssueAsync(node, chunkId, 2, DataPlaneAccess.Write)),
            Misuse.OtherNode => Bearer(await bed.Issuer.IssueAsync(bed[1], chunkId, 1, DataPlaneAccess.Write)),
            Misuse.ReadTokenToWrite => Bearer(await bed.Issuer.IssueAsync(node, chunkId, 1, DataPlaneAccess.Read)),
            _ => throw new ArgumentOutOfRangeException(nameof(misuse)),
        };
    }

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
