using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// Talks to other nodes' data planes. A typed client from <see cref="IHttpClientFactory"/>: its
/// handler keeps HTTP/1.1 connections alive and reuses them across operations. Failures surface as
/// <see cref="DataPlaneException"/> (an <see cref="IOException"/>) naming the node.
/// </summary>
public sealed class DataPlaneClient(HttpClient http, ILoggerFactory loggers)
{
    private const int MaxProblemBytes = 16 * 1024;
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    internal ILogger Logger { get; } = loggers.CreateLogger(DataPlaneLog.Category);

    /// <summary>Streams <paramref name="content"/> into a staged replica; answers once the replica fsynced it.</summary>
    public async Task<DataPlaneEndpoints.StageResponse> StageAsync(ReplicaTarget target, HttpContent content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Headers.ContentType = OctetStream;
        using var request = Request(HttpMethod.Put, target, "");
        request.Content = content;
        // A refused token is answered before any byte of the body is sent.
        request.Headers.ExpectContinue = true;
        using var response = await SendAsync(request, target, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, target, cancellationToken);
        return await response.Content.ReadFromJsonAsync<DataPlaneEndpoints.StageResponse>(JsonSerializerOptions.Web, cancellationToken)
            ?? throw new DataPlaneException(target.NodeName, (int)response.StatusCode, null, $"Node {target.NodeName} answered the stage with an empty body.");
    }

    public Task CommitAsync(ReplicaTarget target, CancellationToken cancellationToken) => ManageAsync(HttpMethod.Post, target, "/commit", cancellationToken);

    public Task AbortAsync(ReplicaTarget target, CancellationToken cancellationToken) => ManageAsync(HttpMethod.Delete, target, "/staged", cancellationToken);

    public Task DeleteAsync(ReplicaTarget target, CancellationToken cancellationToken) => ManageAsync(HttpMethod.Delete, target, "", cancellationToken);

    public async Task<ChunkCheck> VerifyAsync(ReplicaTarget target, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, target, "/verify");
        using var response = await SendAsync(request, target, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, target, cancellationToken);
        return await response.Content.ReadFromJsonAsync<ChunkCheck>(JsonSerializerOptions.Web, cancellationToken)
            ?? throw new DataPlaneException(target.NodeName, (int)response.StatusCode, null, $"Node {target.NodeName} answered the verify with an empty body.");
    }

    /// <summary>
    /// Opens [offset, offset+length) of the replica as a stream that reads from the network as the
    /// caller reads. A short body surfaces as an <see cref="IOException"/> from the stream.
    /// </summary>
    public async Task<Stream> OpenReadAsync(ReplicaTarget target, long offset, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
            return Stream.Null;
        using var request = Request(HttpMethod.Get, target, "");
        request.Headers.Range = new RangeHeaderValue(offset, offset + length - 1);
        var response = await SendAsync(request, target, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            await EnsureSuccessAsync(response, target, cancellationToken);
            if (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentLength != length)
                throw new DataPlaneException(target.NodeName, (int)response.StatusCode, null,
                    $"Node {target.NodeName} answered a range of {length} bytes with status {(int)response.StatusCode} and {response.Content.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "no"} Content-Length.");
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task ManageAsync(HttpMethod method, ReplicaTarget target, string suffix, CancellationToken cancellationToken)
    {
        using var request = Request(method, target, suffix);
        using var response = await SendAsync(request, target, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, target, cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, ReplicaTarget target, string suffix)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (chunkId, version) = DataPlaneTokens.ReadAddress(target.Token);
        var baseUri = target.DataPlane.AbsoluteUri.EndsWith('/') ? target.DataPlane : new Uri(target.DataPlane.AbsoluteUri + "/");
        var uri = new Uri(baseUri, $"{DataPlaneEndpoints.RoutePrefix.TrimStart('/')}/{chunkId:N}/{version.ToString(CultureInfo.InvariantCulture)}{suffix}");
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ReplicaTarget target, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new DataPlaneException(target.NodeName, null, null, $"Node {target.NodeName} ({target.DataPlane}) could not be reached: {e.Message}", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, ReplicaTarget target, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        string? code = null;
        string? detail = null;
        try
        {
            if (response.Content.Headers.ContentLength is null or <= MaxProblemBytes
                && response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
            {
                using var problem = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
                if (problem.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
                    code = c.GetString();
                if (problem.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String)
                    detail = d.GetString();
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // The status alone still says what happened.
        }
        throw new DataPlaneException(target.NodeName, (int)response.StatusCode, code,
            $"Node {target.NodeName} answered {(int)response.StatusCode}{(code is null ? "" : $" ({code})")}: {detail ?? response.ReasonPhrase}");
    }
}
