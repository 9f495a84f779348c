using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

public sealed record NamespaceBody(Guid Id, string Name, Guid OwnerId, string Owner, string Visibility, DateTimeOffset CreatedAt, long UsedBytes);

public sealed record NamespacePageBody(List<NamespaceBody> Items, string? Next);

public sealed record StoredFileBody(string Path, long Size, string Sha256, string ContentType, long Version, DateTimeOffset CreatedAt, DateTimeOffset ModifiedAt, Guid? UploaderId, string? Uploader);

public sealed record FilePageBody(List<StoredFileBody> Items, List<string> Folders, string? Next);

public sealed record ShareBody(Guid Id, Guid NamespaceId, string Path, string? Url, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string CreatedBy);

public sealed record UsageBody(long UsedBytes, long MaxBytes, int Namespaces, int MaxNamespaces, long ReservedBytes);

public sealed record ProgressBody(Guid UploadId, string State, string? Path, long ReceivedBytes, long CommittedBytes, long? TotalBytes, List<string> Files, JsonElement? Error);

/// <summary>The storage API as tests call it: users, tokens, namespaces and files, each call asserting it worked.</summary>
public static class StorageApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new user signed in with a bearer session, and their id.</summary>
    public static async Task<(HttpClient Client, TestUsers.TestUser User)> NewUserAsync(SiloProcess silo, HttpClient admin, string role = "user")
    {
        var user = await TestUsers.CreateAsync(admin, role);
        return (await user.SignInAsync(silo), user);
    }

    /// <summary>A client that sends an API token of the signed-in <paramref name="session"/>'s user with these scopes.</summary>
    public static async Task<HttpClient> TokenClientAsync(SiloProcess silo, HttpClient session, params string[] scopes)
    {
        using var response = await session.PostAsJsonAsync("/api/me/tokens", new { name = "storage " + string.Join('+', scopes), scopes, expiresInDays = 1 });
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, "create token");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = silo.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<NamespaceBody> CreateNamespaceAsync(HttpClient owner, string? name = null, string visibility = "private")
    {
        using var response = await owner.PostAsJsonAsync("/api/namespaces", new { name = name ?? "ns-" + Guid.NewGuid().ToString("N")[..10], visibility });
        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, "create namespace");
        return (await response.Content.ReadFromJsonAsync<NamespaceBody>(Json))!;
    }

    public static string FileUrl(Guid ns, string path) => $"/api/namespaces/{ns}/files/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    public static HttpRequestMessage Put(Guid ns, string path, byte[] content, string? contentType = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, FileUrl(ns, path)) { Content = new ByteArrayContent(content) };
        if (contentType is not null)
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    public static async Task<StoredFileBody> PutAsync(HttpClient client, Guid ns, string path, byte[] content, string? contentType = null)
    {
        using var request = Put(ns, path, content, contentType);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StoredFileBody>(Json))!;
    }

    public static async Task<byte[]?> TryGetAsync(HttpClient client, Guid ns, string path)
    {
        using var response = await client.GetAsync(FileUrl(ns, path));
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static async Task<NamespaceBody> GetNamespaceAsync(HttpClient client, Guid ns)
    {
        using var response = await client.GetAsync($"/api/namespaces/{ns}");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "get namespace");
        return (await response.Content.ReadFromJsonAsync<NamespaceBody>(Json))!;
    }

    public static async Task<FilePageBody> ListAsync(HttpClient client, Guid ns, string query = "")
    {
        using var response = await client.GetAsync($"/api/namespaces/{ns}/files{query}");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "list files");
        return (await response.Content.ReadFromJsonAsync<FilePageBody>(Json))!;
    }

    public static async Task<UsageBody> UsageAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/me/storage");
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "usage");
        return (await response.Content.ReadFromJsonAsync<UsageBody>(Json))!;
    }

    public static async Task SetQuotaAsync(HttpClient admin, Guid user, long? maxBytes, int? maxNamespaces)
    {
        using var response = await admin.PutAsJsonAsync($"/api/admin/users/{user}/storage", new { maxBytes, maxNamespaces });
        await ApiAssert.StatusAsync(response, HttpStatusCode.OK, "set quota");
    }

    public static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
