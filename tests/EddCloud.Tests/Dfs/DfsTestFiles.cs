using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace EddCloud.Tests.Dfs;

/// <summary>Deterministic test files and the DFS REST calls the integration tests make.</summary>
public static class DfsTestFiles
{
    /// <summary>A stream of <paramref name="length"/> pseudo-random bytes from a seed, produced on the fly (no big buffers).</summary>
    public static Stream Generate(long length, int seed) => new SeededStream(length, seed);

    public static async Task<string> Sha256Async(Stream stream)
    {
        using var sha = SHA256.Create();
        return Convert.ToHexStringLower(await sha.ComputeHashAsync(stream));
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, Stream content, long length)
    {
        var body = new StreamContent(content, 256 * 1024);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = length;
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/dfs/files" + path) { Content = body };
        return await client.SendAsync(request);
    }

    public static async Task<string> GetSha256Async(HttpClient client, string path)
    {
        using var response = await client.GetAsync("/api/dfs/files" + path, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await using var stream = await response.Content.ReadAsStreamAsync();
        return await Sha256Async(stream);
    }

    public static async Task<WriteBody> ReadWriteAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<WriteBody>())!;

    public sealed record FileBody(string Path, long Version, long Size, string Sha256, int Chunks);
    public sealed record WriteBody(FileBody File, int Replicas, int ReplicationFactor, bool UnderReplicated);

    private sealed class SeededStream(long length, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            _random.NextBytes(buffer.AsSpan(offset, n));
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
