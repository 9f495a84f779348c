using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace EddCloud.Tests.Cli;

/// <summary>
/// An in-memory stand-in for the EddCloud API: routes are "METHOD /path" (no query), each
/// answering from the recorded request. Unknown routes answer 404 problem+json, like the server.
/// </summary>
public sealed class FakeServerHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<RecordedRequest, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, every request fails as if nothing listened on the port.</summary>
    public bool Down { get; set; }

    public FakeServerHandler On(string method, string path, Func<RecordedRequest, HttpResponseMessage> respond)
    {
        _routes[$"{method} {path}"] = respond;
        return this;
    }

    public FakeServerHandler On(string method, string path, HttpStatusCode status, string? json = null) =>
        On(method, path, _ => Json(status, json));

    public static HttpResponseMessage Json(HttpStatusCode status, string? json, string mediaType = "application/json") =>
        new(status) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string code, string detail) =>
        Json(status, $$"""{"type":"https://eddcloud.dev/problems/{{code}}","title":"{{status}}","status":{{(int)status}},"detail":"{{detail}}","code":"{{code}}"}""",
            "application/problem+json");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (localhost:8080)");
        }

        var uri = request.RequestUri!;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, uri.AbsolutePath, uri.Query, request.Headers.Authorization?.ToString(), body);
        Requests.Enqueue(recorded);
        return _routes.TryGetValue($"{request.Method} {uri.AbsolutePath}", out var respond)
            ? respond(recorded)
            : Problem(HttpStatusCode.NotFound, "not_found", $"no route {request.Method} {uri.AbsolutePath}");
    }
}
