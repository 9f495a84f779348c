using System.Net;
using System.Net.Http.Headers;
using EddCloud.Silo.Dfs.DataPlane;

namespace EddCloud.Tests.Dfs.DataPlane;

[Collection(DataPlaneClusterCollection.Name)]
public sealed class RangeReadTests(DataPlaneClusterFixture cluster)
{
    [Theory]
    [InlineData("bytes=0-99", 0, 100, "bytes 0-99/*")]
    [InlineData("bytes=65530-65545", 65530, 16, "bytes 65530-65545/*")]
    [InlineData("bytes=199990-", 199990, 10, "bytes 199990-199999/200000")]
    [InlineData("bytes=-5", 199995, 5, "bytes 199995-199999/200000")]
    [InlineData("bytes=100-999999", 100, 199900, "bytes 100-199999/200000")]
    [InlineData("bytes=199999-200000", 199999, 1, "bytes 199999-199999/200000")]
    public async Task Get_Range_Answers206WithContentRangeAndExactBytes(string range, int offset, int length, string contentRange)
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var data = DataPlaneTestBed.RandomBytes(200_000, seed: 30);
        var chunkId = await bed.WriteCommittedAsync(data);
        using var http = new HttpClient();

        using var response = await http.SendAsync(await ReadRequestAsync(bed, chunkId, range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(contentRange, response.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal(data[offset..(offset + length)], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_NoRange_Answers200WholeReplica()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var data = DataPlaneTestBed.RandomBytes(150_001, seed: 31);
        var chunkId = await bed.WriteCommittedAsync(data);
        using var http = new HttpClient();

        using var response = await http.SendAsync(await ReadRequestAsync(bed, chunkId, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=200000-200010")]
    [InlineData("bytes=5-1")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("items=0-1")]
    public async Task Get_UnsatisfiableOrUnsupportedRange_Answers416(string range)
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 1);
        var chunkId = await bed.WriteCommittedAsync(DataPlaneTestBed.RandomBytes(200_000, seed: 32));
        using var http = new HttpClient();

        using var response = await http.SendAsync(await ReadRequestAsync(bed, chunkId, range));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ChunkReadStream_Ranges_ReturnExactBytes()
    {
        await using var bed = await DataPlaneTestBed.StartAsync(cluster, 2);
        var data = DataPlaneTestBed.RandomBytes(300_000, seed: 33);
        var chunkId = await bed.WriteCommittedAsync(data);
        var targets = await bed.TargetsAsync(chunkId, 1, DataPlaneAccess.Read);

        foreach (var (offset, length) in new[] { (0, 0), (0, 1), (65535, 2), (123_456, 100_000), (299_999, 1) })
        {
            await using var stream = new ChunkReadStream(bed.Client, targets, offset, length, TimeSpan.FromSeconds(5));
            Assert.Equal(data[offset..(offset + length)], await DataPlaneTestBed.ReadAllAsync(stream, bufferSize: 4097));
        }
    }

    private static async Task<HttpRequestMessage> ReadRequestAsync(DataPlaneTestBed bed, Guid chunkId, string? range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(bed[0].BaseUri, $"dfs/v1/chunks/{chunkId}/1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await bed.Issuer.IssueAsync(bed[0], chunkId, 1, DataPlaneAccess.Read));
        if (range is not null)
            request.Headers.TryAddWithoutValidation("Range", range);
        return request;
    }
}
