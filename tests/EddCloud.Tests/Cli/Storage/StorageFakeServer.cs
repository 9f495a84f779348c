using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace EddCloud.Tests.Cli.Storage;

/// <summary>
/// An in-memory stand-in for the storage API of docs/api.md: routes are "METHOD /path" (escaped, no query).
/// Keeps bodies as bytes and every header, so uploads and their X-Upload-Id / If-None-Match can be checked.
/// </summary>
public sealed class StorageFakeServer : HttpMessageHandler
{
    public const string PhotosId = "6f1c2a9e-0000-4000-8000-000000000001";
    public const string DocsId = "6f1c2a9e-0000-4000-8000-000000000002";

    private readonly Dictionary<string, Func<StorageRequest, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public ConcurrentQueue<StorageRequest> Requests { get; } = new();

    /// <summary>Every request except the namespace look-ups (GET /api/namespaces), which name resolution adds.</summary>
    public IEnumerable<StorageRequest> Calls => Requests.Where(r => !(r.Method == HttpMethod.Get && r.Path == "/api/namespaces"));

    public StorageFakeServer On(string method, string path, Func<StorageRequest, HttpResponseMessage> respond)
    {
        _routes[$"{method} {path}"] = respond;
        return this;
    }

    public StorageFakeServer On(string method, string path, HttpStatusCode status, string? json = null) => On(method, path, _ => Json(status, json));

    /// <summary>The caller's namespaces over two pages: "Photos" on the first, "docs" on the second.</summary>
    public StorageFakeServer WithNamespaces() => On("GET", "/api/namespaces", r => Json(HttpStatusCode.OK, r.QueryValue("after") switch
    {
        null => $$"""{"items":[{{Namespace(PhotosId, "Photos", "private", 1536)}}],"next":"Photos"}""",
        "Photos" => $$"""{"items":[{{Namespace(DocsId, "docs", "public", 0)}}],"next":null}""",
        var other => throw new InvalidOperationException($"unexpected cursor {other}"),
    }));

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Namespace(string id, string name, string visibility, long used, string owner = "alice") =>
        $$"""{"id":"{{id}}","name":"{{name}}","ownerId":"u-{{owner}}","owner":"{{owner}}","visibility":"{{visibility}}","createdAt":"2026-01-02T03:04:05Z","usedBytes":{{used}}}""";

    public static string StoredFile(string path, long size, string sha256, int version = 1) =>
        $$"""{"path":"{{path}}","size":{{size}},"sha256":"{{sha256}}","contentType":"text/plain","version":{{version}},"createdAt":"2026-01-02T03:04:05Z","modifiedAt":"2026-01-03T04:05:06Z","uploaderId":"u-alice","uploader":"alice"}""";

    public static HttpResponseMessage Json(HttpStatusCode status, string? json, string mediaType = "application/json") =>
        new(status) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string code, string detail) =>
        Json(status, $$"""{"type":"https://eddcloud.dev/problems/{{code}}","title":"{{status}}","status":{{(int)status}},"detail":"{{detail}}","code":"{{code}}"}""",
            "application/problem+json");

    /// <summary>A download: the bytes with their SHA-256 ETag (or <paramref name="etagSha"/> to lie about it).</summary>
    public static HttpResponseMessage File(byte[] data, string? etagSha = null) => File(new ByteArrayContent(data), etagSha ?? Sha256(data));

    public static HttpResponseMessage File(HttpContent content, string etagSha)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        response.Headers.ETag = new EntityTagHeaderValue($"\"{etagSha}\"");
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var length = request.Content?.Headers.ContentLength;
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new StorageRequest(request.Method, uri.AbsolutePath, uri.Query, headers, length, body);
        Requests.Enqueue(recorded);
        return _routes.TryGetValue($"{request.Method} {uri.AbsolutePath}", out var respond)
            ? respond(recorded)
            : Problem(HttpStatusCode.NotFound, "not_found", $"no route {request.Method} {uri.AbsolutePath}");
    }
}
