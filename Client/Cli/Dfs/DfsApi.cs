using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Dfs;

/// <summary>What <c>HEAD /api/dfs/files/{path}</c> tells: size, SHA-256 (the ETag) and modification time.</summary>
public sealed record DfsFileHead(string Path, long? Size, string? Sha256, DateTimeOffset? ModifiedAt);

/// <summary>The <c>/api/dfs</c> endpoints over <see cref="EddApiClient"/>; bodies are streamed, never buffered.</summary>
public sealed class DfsApi(EddApiClient api)
{
    private static readonly DfsJsonContext Json = DfsJsonContext.Default;

    public Uri Server => api.Server;

    public Task<ApiResponse<DfsFolderPage>> ListAsync(string folder, string? after, int? limit, CancellationToken ct)
    {
        var query = new List<string>(3) { "path=" + Uri.EscapeDataString(folder) };
        if (!string.IsNullOrEmpty(after))
        {
            query.Add("after=" + Uri.EscapeDataString(after));
        }

        if (limit is { } l)
        {
            query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        }

        return api.GetJsonAsync("api/dfs/folders?" + string.Join('&', query), Json.DfsFolderPage, ct);
    }

    public Task<ApiResponse<DfsStatus>> StatusAsync(CancellationToken ct) => api.GetJsonAsync("api/dfs/status", Json.DfsStatus, ct);

    /// <summary>
    /// Runs a check of the whole file system; with <paramref name="verify"/> every live replica is read in full, which
    /// takes as long as reading all data once, so the client's timeout is lifted; Ctrl+C cancels the request, and the
    /// server abandons the check soon after.
    /// </summary>
    public Task<ApiResponse<DfsFsckReport>> FsckAsync(bool verify, CancellationToken ct)
    {
        api.DisableTimeout();
        return api.PostJsonAsync("api/dfs/fsck?verify=" + (verify ? "true" : "false"), Json.DfsFsckReport, ct);
    }

    /// <summary>Uploads <paramref name="content"/> (the caller's streaming body) to <paramref name="file"/>.</summary>
    public async Task<ApiResponse<DfsWriteResult>> PutAsync(string file, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, DfsRemotePath.FileUrl(file)) { Content = content };

        // A refusal (401, 403, a bad path) then comes before the body, not after gigabytes of it.
        request.Headers.ExpectContinue = true;
        using var response = await api.SendStreamingAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement.Clone();
            var value = root.Deserialize(Json.DfsWriteResult) ?? throw new JsonException("null body");
            if (value.File is null || string.IsNullOrEmpty(value.File.Sha256))
            {
                throw new JsonException("no file in the answer");
            }

            return new ApiResponse<DfsWriteResult>(value, root);
        }
        catch (JsonException)
        {
            throw new ApiException(
                response.StatusCode,
                new ApiProblem(null, "Unexpected answer", (int)response.StatusCode,
                    $"the server at {Server} answered the upload with {(int)response.StatusCode} and a body that is not the expected JSON; the file may or may not be stored",
                    "unexpected_response", Hint: "check with `edd dfs stat`, and that --server points at an EddCloud server"),
                null);
        }
    }

    /// <summary>Starts a download; the caller streams and disposes the response. <paramref name="range"/> is inclusive.</summary>
    public Task<HttpResponseMessage> GetAsync(string file, (long First, long? Last)? range, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, DfsRemotePath.FileUrl(file));
        if (range is { } r)
        {
            request.Headers.Range = new RangeHeaderValue(r.First, r.Last);
        }

        return SendAndDisposeRequestAsync(request, ct);
    }

    public async Task<DfsFileHead> HeadAsync(string file, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, DfsRemotePath.FileUrl(file));
        HttpResponseMessage response;
        try
        {
            response = await api.SendStreamingAsync(request, ct);
        }
        catch (ApiException e) when (e.Status == HttpStatusCode.NotFound && e.RawProblemJson is null)
        {
            // A HEAD answer has no body to explain itself.
            throw new ApiException(e.Status, new ApiProblem(null, "Not Found", 404, $"there is no file {file}", "not_found"), null);
        }

        using (response)
        {
            return new DfsFileHead(file, response.Content.Headers.ContentLength, TransferFiles.Sha256FromETag(response.Headers.ETag), response.Content.Headers.LastModified);
        }
    }

    public async Task DeleteAsync(string file, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, DfsRemotePath.FileUrl(file));
        using var response = await api.SendStreamingAsync(request, ct);
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            return await api.SendStreamingAsync(request, ct);
        }
    }
}
