using System.Globalization;
using System.Net;
using System.Text.Json;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Storage;

/// <summary>The storage endpoints (namespaces, files, shares, quotas) over <see cref="EddApiClient"/>; file bodies are streamed, never buffered.</summary>
public sealed class StorageApi(EddApiClient api)
{
    private static readonly StorageJsonContext Json = StorageJsonContext.Default;

    public Uri Server => api.Server;

    public EddApiClient Client => api;

    public Task<ApiResponse<NamespacePage>> ListNamespacesAsync(string? ownerId, string? after, int? limit, CancellationToken ct) =>
        api.GetJsonAsync(QueryString.With("api/namespaces", ("owner", ownerId), ("after", after), ("limit", Number(limit))), Json.NamespacePage, ct);

    public Task<ApiResponse<NamespacePage>> ListPublicNamespacesAsync(string? after, int? limit, CancellationToken ct) =>
        api.GetJsonAsync(QueryString.With("api/public/namespaces", ("after", after), ("limit", Number(limit))), Json.NamespacePage, ct);

    public Task<ApiResponse<StorageNamespace>> CreateNamespaceAsync(string name, string visibility, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, "api/namespaces", new CreateNamespaceRequest(name, visibility), Json.CreateNamespaceRequest, Json.StorageNamespace, ct);

    public Task<ApiResponse<StorageNamespace>> GetNamespaceAsync(string id, CancellationToken ct) =>
        api.GetJsonAsync(NamespaceUrl(id), Json.StorageNamespace, ct);

    public Task<ApiResponse<StorageNamespace>> UpdateNamespaceAsync(string id, UpdateNamespaceRequest change, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Patch, NamespaceUrl(id), change, Json.UpdateNamespaceRequest, Json.StorageNamespace, ct);

    public Task DeleteNamespaceAsync(string id, CancellationToken ct) => api.DeleteAsync(NamespaceUrl(id), ct);

    /// <summary>One page of a folder (<paramref name="recursive"/>: of every file under <paramref name="prefix"/>).</summary>
    public Task<ApiResponse<StoredFilePage>> ListFilesAsync(string id, string prefix, bool recursive, string? after, CancellationToken ct) =>
        api.GetJsonAsync(
            QueryString.With(NamespaceUrl(id) + "/files", ("prefix", prefix.Length == 0 ? null : prefix), ("delimiter", recursive ? "" : null), ("after", after)),
            Json.StoredFilePage, ct);

    /// <summary>
    /// Uploads <paramref name="content"/> (the caller's streaming body) to <paramref name="file"/>, named <paramref name="uploadId"/>;
    /// <paramref name="noClobber"/> refuses to replace an existing file (412). Returns the stored file and whether it is new (201).
    /// </summary>
    public async Task<(ApiResponse<StoredFile> File, bool Created)> PutFileAsync(string id, string file, HttpContent content, Guid uploadId, bool noClobber, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, FileUrl(id, file)) { Content = content };
        request.Headers.Add("X-Upload-Id", uploadId.ToString("D"));
        if (noClobber)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        }

        // A refusal (401, 403, 413 over quota) then comes before the body, not after gigabytes of it.
        request.Headers.ExpectContinue = true;
        using var response = await api.SendStreamingAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement.Clone();
            var value = root.Deserialize(Json.StoredFile) ?? throw new JsonException("null body");
            if (string.IsNullOrEmpty(value.Sha256))
            {
                throw new JsonException("no sha256 in the answer");
            }

            return (new ApiResponse<StoredFile>(value, root), response.StatusCode == HttpStatusCode.Created);
        }
        catch (JsonException)
        {
            throw new ApiException(
                response.StatusCode,
                new ApiProblem(null, "Unexpected answer", (int)response.StatusCode,
                    $"the server at {Server} answered the upload with {(int)response.StatusCode} and a body that is not the expected JSON; the file may or may not be stored",
                    "unexpected_response", Hint: "check with `edd files stat`, and that --server points at an EddCloud server"),
                null);
        }
    }

    /// <summary>Starts a download; the caller streams and disposes the response.</summary>
    public async Task<HttpResponseMessage> GetFileAsync(string id, string file, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, FileUrl(id, file));
        return await api.SendStreamingAsync(request, ct);
    }

    public Task DeleteFileAsync(string id, string file, CancellationToken ct) => api.DeleteAsync(FileUrl(id, file), ct);

    public Task<ApiResponse<StoredFile>> GetMetadataAsync(string id, string file, CancellationToken ct) =>
        api.GetJsonAsync(NamespaceUrl(id) + "/metadata/" + RemotePath.Escape(file), Json.StoredFile, ct);

    public Task<ApiResponse<ItemList<Share>>> ListSharesAsync(string id, CancellationToken ct) =>
        api.GetJsonAsync(NamespaceUrl(id) + "/shares", Json.ItemListShare, ct);

    public Task<ApiResponse<Share>> CreateShareAsync(string id, string file, int? expiresInHours, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, NamespaceUrl(id) + "/shares", new CreateShareRequest(file, expiresInHours), Json.CreateShareRequest, Json.Share, ct);

    public Task DeleteShareAsync(string id, string shareId, CancellationToken ct) =>
        api.DeleteAsync(NamespaceUrl(id) + "/shares/" + Uri.EscapeDataString(shareId), ct);

    public Task<ApiResponse<StorageUsage>> MyStorageAsync(CancellationToken ct) => api.GetJsonAsync("api/me/storage", Json.StorageUsage, ct);

    public Task<ApiResponse<StorageUsage>> UserStorageAsync(string userId, CancellationToken ct) =>
        api.GetJsonAsync($"api/admin/users/{Uri.EscapeDataString(userId)}/storage", Json.StorageUsage, ct);

    public Task<ApiResponse<StorageUsage>> SetUserQuotaAsync(string userId, long? maxBytes, int? maxNamespaces, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Put, $"api/admin/users/{Uri.EscapeDataString(userId)}/storage",
            new SetQuotaRequest(maxBytes, maxNamespaces), Json.SetQuotaRequest, Json.StorageUsage, ct);

    private static string NamespaceUrl(string id) => "api/namespaces/" + Uri.EscapeDataString(id);

    private static string FileUrl(string id, string file) => NamespaceUrl(id) + "/files/" + RemotePath.Escape(file);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
