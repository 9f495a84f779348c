using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary>What the fake DFS server saw, with the body as bytes and the headers transfers care about.</summary>
public sealed record DfsRequest(HttpMethod Method, string Path, string Query, string? Authorization, long? ContentLength, string? Range, byte[]? Body)
{
    public string? QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""))
            .FirstOrDefault();
}

/// <summary>
/// An in-memory stand-in for <c>/api/dfs</c>: routes are "METHOD /path" (escaped, no query). Unlike the
/// shared fake server it keeps request bodies as bytes, so uploads can be compared exactly.
/// </summary>
public sealed class DfsFakeServer : HttpMessageHandler
{
    private readonly Dictionary<string, Func<DfsRequest, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public ConcurrentQueue<DfsRequest> Requests { get; } = new();

    public DfsFakeServer On(string method, string path, Func<DfsRequest, HttpResponseMessage> respond)
    {
        _routes[$"{method} {path}"] = respond;
        return this;
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string code, string detail) =>
        Json(status, $$"""{"type":"https://eddcloud.dev/problems/{{code}}","title":"{{status}}","status":{{(int)status}},"detail":"{{detail}}","code":"{{code}}"}""",
            "application/problem+json");

    /// <summary>The 201 answer of a PUT, as the silo builds it.</summary>
    public static HttpResponseMessage Written(string path, long size, string sha256, int replicas = 3, int factor = 3) =>
        Json(HttpStatusCode.Created, $$"""
            {"file":{"path":"{{path}}","version":4,"size":{{size}},"sha256":"{{sha256}}","chunks":1,"createdAt":"2026-01-02T03:04:05Z","modifiedAt":"2026-01-02T03:04:05Z"},
             "replicas":{{replicas}},"replicationFactor":{{factor}},"underReplicated":{{(replicas < factor ? "true" : "false")}}}
            """);

    /// <summary>A whole file with its SHA-256 ETag (or <paramref name="etagSha"/> to lie about it).</summary>
    public static HttpResponseMessage File(byte[] data, string? etagSha = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(data) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        response.Content.Headers.LastModified = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        response.Headers.ETag = new EntityTagHeaderValue($"\"{etagSha ?? Sha256(data)}\"");
        return response;
    }

    /// <summary>Bytes first..last of <paramref name="data"/> as a 206, like the silo.</summary>
    public static HttpResponseMessage Partial(byte[] data, long first, long last)
    {
        var slice = data[(int)first..(int)(last + 1)];
        var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(slice) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(first, last, data.Length);
        response.Headers.ETag = new EntityTagHeaderValue($"\"{Sha256(data)}\"");
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var length = request.Content?.Headers.ContentLength;
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new DfsRequest(request.Method, uri.AbsolutePath, uri.Query, request.Headers.Authorization?.ToString(), length,
            request.Headers.Range?.ToString(), body);
        Requests.Enqueue(recorded);
        return _routes.TryGetValue($"{request.Method} {uri.AbsolutePath}", out var respond)
            ? respond(recorded)
            : Problem(HttpStatusCode.NotFound, "not_found", $"no route {request.Method} {uri.AbsolutePath}");
    }
}
