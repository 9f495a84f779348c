using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EddCloud.Cli.Http;

/// <summary>
/// The HTTP side of every call to the EddCloud REST API (docs/api.md): credentials, JSON bodies, and
/// failures mapped to <see cref="ApiException"/> and <see cref="ServerUnreachableException"/>. Each
/// capability's endpoints live beside it (e.g. <c>Users/UsersApi.cs</c>) and call this. It owns no state
/// but the bearer token: the caller supplies an <see cref="HttpClient"/> whose <c>BaseAddress</c> is the
/// server root, which lets tests pass a fake handler and integration tests a real silo.
/// </summary>
public sealed class EddApiClient(HttpClient http, string? token = null)
{
    public Uri Server => http.BaseAddress ?? throw new InvalidOperationException("The HttpClient needs a BaseAddress.");

    /// <summary>A GET answered with JSON.</summary>
    public Task<ApiResponse<T>> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, null, typeInfo, ct);

    /// <summary>A POST without a body answered with JSON (e.g. a DFS check).</summary>
    public Task<ApiResponse<T>> PostJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, null, typeInfo, ct);

    /// <summary>A request with a JSON body answered with JSON.</summary>
    public Task<ApiResponse<T>> SendJsonAsync<TBody, T>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> typeInfo, CancellationToken ct) =>
        SendAsync(method, path, Body(body, bodyType), typeInfo, ct);

    /// <summary>A request with a JSON body answered with no content (204), e.g. a password change.</summary>
    public async Task SendNoContentAsync<TBody>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, Body(body, bodyType), ct);
    }

    /// <summary>A POST without a body answered with no content (204), e.g. a logout.</summary>
    public async Task PostAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, ct);
    }

    /// <summary>A DELETE answered with no content (204).</summary>
    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Delete, path, null, ct);
    }

    /// <summary>
    /// Lifts <see cref="HttpClient.Timeout"/> so a long transfer is not cut while bytes flow; the caller
    /// must watch for stalls itself. Call it before this client sends its first request.
    /// </summary>
    public void DisableTimeout() => http.Timeout = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Sends a request the caller built (raw bodies, Range, HEAD) with the credentials, and returns as soon
    /// as the headers arrive so the body can be streamed; the caller disposes the response. A non-success
    /// answer throws <see cref="ApiException"/>, no answer <see cref="ServerUnreachableException"/>, as every other call.
    /// <paramref name="accept"/> is the media type wanted besides JSON (an event stream: "text/event-stream").
    /// </summary>
    public Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, CancellationToken ct, string accept = "application/octet-stream")
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return SendCoreAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    // Buffered with a Content-Length: JsonContent streams chunked, which some proxies in front of a server reject.
    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, content, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement.Clone();
            var value = root.Deserialize(typeInfo) ?? throw new JsonException("null body");
            return new ApiResponse<T>(value, root);
        }
        catch (JsonException)
        {
            throw new ApiException(
                response.StatusCode,
                new ApiProblem(null, "Unexpected answer", (int)response.StatusCode,
                    $"the server at {Server} answered {(int)response.StatusCode} with a body that is not the expected JSON", "unexpected_response",
                    Hint: "check that --server points at an EddCloud server"),
                null);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await SendCoreAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>Sends with the JSON accept headers and the token; maps no answer and non-success answers to the CLI's exceptions.</summary>
    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            // "Connection refused (host:port)" is the useful text; otherwise the inner error says more than the generic outer one.
            var reason = e.HttpRequestError == HttpRequestError.ConnectionError ? e.Message : e.InnerException?.Message ?? e.Message;
            throw new ServerUnreachableException(Server, reason, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ServerUnreachableException(Server, "the request timed out", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ToExceptionAsync(response, ct);
        }
    }

    private static async Task<ApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var location = response.Headers.Location;
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            var raw = await response.Content.ReadAsStringAsync(ct);
            try
            {
                var problem = JsonSerializer.Deserialize(raw, ProblemJsonContext.Default.ApiProblem);
                return new ApiException(response.StatusCode, problem, raw, location, retryAfter);
            }
            catch (JsonException)
            {
                // Fall through: a broken body still has a status worth reporting.
            }
        }

        var reason = response.ReasonPhrase ?? response.StatusCode.ToString();
        return new ApiException(
            response.StatusCode,
            new ApiProblem(null, reason, (int)response.StatusCode, $"the server answered {(int)response.StatusCode} {reason}", CodeFor(response.StatusCode)),
            null, location, retryAfter);
    }

    private static string? CodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "unauthorized",
        HttpStatusCode.Forbidden => "forbidden",
        HttpStatusCode.NotFound => "not_found",
        HttpStatusCode.Conflict => "conflict",
        HttpStatusCode.TooManyRequests => "rate_limited",
        _ => null,
    };
}
