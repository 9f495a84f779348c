using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

public enum StorageCaller
{
    Anonymous,
    OtherUser,
    Owner,
    Admin,
    OwnerTokenFilesReadWrite,
    OwnerTokenFilesRead,
    OwnerTokenWithoutFilesScope,
}

public enum StorageMatrixAction
{
    List,
    Read,
    Write,
    Overwrite,
    Delete,
    ChangeVisibility,
    Share,
}

/// <summary>
/// Who × visibility × action, every cell its own case on its own namespace: allowed cells prove the effect
/// (as the owner sees it), refused cells prove the status (401 / 404 / 403) and that nothing changed.
/// The expectations come from <see cref="Expected"/>, written from docs/api.md independently of the silo's code.
/// </summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class StorageAccessMatrixTests(SiloFixture silo, StorageMatrixFixture principals) : IClassFixture<StorageMatrixFixture>
{
    private static readonly string[] Visibilities = ["private", "visible", "public"];

    public static TheoryData<StorageCaller, string, StorageMatrixAction> Cells
    {
        get
        {
            var data = new TheoryData<StorageCaller, string, StorageMatrixAction>();
            foreach (var caller in Enum.GetValues<StorageCaller>())
                foreach (var visibility in Visibilities)
                    foreach (var action in Enum.GetValues<StorageMatrixAction>())
                        data.Add(caller, visibility, action);
            return data;
        }
    }

    /// <summary>The rule of docs/api.md ("Who may do what"): the status the caller gets.</summary>
    public static HttpStatusCode Expected(StorageCaller caller, string visibility, StorageMatrixAction action)
    {
        var ownerReads = caller is StorageCaller.Owner or StorageCaller.Admin or StorageCaller.OwnerTokenFilesReadWrite or StorageCaller.OwnerTokenFilesRead;
        var ownerWrites = caller is StorageCaller.Owner or StorageCaller.Admin or StorageCaller.OwnerTokenFilesReadWrite;
        var allowed = action switch
        {
            StorageMatrixAction.List => visibility == "public" || ownerReads,
            StorageMatrixAction.Read => visibility != "private" || ownerReads,
            _ => ownerWrites,
        };
        if (allowed)
        {
            return action switch
            {
                StorageMatrixAction.Write or StorageMatrixAction.Share => HttpStatusCode.Created,
                StorageMatrixAction.Delete => HttpStatusCode.NoContent,
                _ => HttpStatusCode.OK,
            };
        }
        if (caller == StorageCaller.Anonymous)
            return HttpStatusCode.Unauthorized;
        return visibility == "private" && caller == StorageCaller.OtherUser ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(StorageCaller who, string visibility, StorageMatrixAction action)
    {
        var p = await principals.GetAsync(silo.Silo);
        var name = $"{who} × {visibility} × {action}";
        var ns = await StorageApi.CreateNamespaceAsync(p.Owner, visibility: visibility);
        var original = Encoding.UTF8.GetBytes("original " + name);
        await StorageApi.PutAsync(p.Owner, ns.Id, "docs/doc.txt", original, "text/plain");
        var replacement = Encoding.UTF8.GetBytes("replacement " + name);
        var nextVisibility = Visibilities[(Array.IndexOf(Visibilities, visibility) + 1) % 3];
        var doc = StorageApi.FileUrl(ns.Id, "docs/doc.txt");

        using var request = action switch
        {
            StorageMatrixAction.List => new HttpRequestMessage(HttpMethod.Get, $"/api/namespaces/{ns.Id}/files?prefix=docs/"),
            StorageMatrixAction.Read => new HttpRequestMessage(HttpMethod.Get, doc),
            StorageMatrixAction.Write => StorageApi.Put(ns.Id, "docs/new.txt", replacement),
            StorageMatrixAction.Overwrite => StorageApi.Put(ns.Id, "docs/doc.txt", replacement),
            StorageMatrixAction.Delete => new HttpRequestMessage(HttpMethod.Delete, doc),
            StorageMatrixAction.ChangeVisibility => new HttpRequestMessage(HttpMethod.Patch, $"/api/namespaces/{ns.Id}") { Content = JsonContent.Create(new { visibility = nextVisibility }) },
            StorageMatrixAction.Share => new HttpRequestMessage(HttpMethod.Post, $"/api/namespaces/{ns.Id}/shares") { Content = JsonContent.Create(new { path = "docs/doc.txt" }) },
            _ => throw new ArgumentOutOfRangeException(nameof(action)),
        };
        using var response = await p.Client(who).SendAsync(request);
        var expected = Expected(who, visibility, action);

        if (expected is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent)
        {
            await ApiAssert.StatusAsync(response, expected, name);
            await AssertEffectAsync(p, ns.Id, action, response, original, replacement, nextVisibility, name);
        }
        else
        {
            var code = expected switch { HttpStatusCode.Unauthorized => "unauthorized", HttpStatusCode.NotFound => "not_found", _ => "forbidden" };
            await ApiAssert.ProblemAsync(response, expected, code, name);
            await AssertUnchangedAsync(p, ns.Id, visibility, original, name);
        }
    }

    private static async Task AssertEffectAsync(StorageMatrixPrincipals p, Guid ns, StorageMatrixAction action, HttpResponseMessage response,
        byte[] original, byte[] replacement, string nextVisibility, string name)
    {
        switch (action)
        {
            case StorageMatrixAction.List:
                var page = (await response.Content.ReadFromJsonAsync<FilePageBody>(StorageApi.Json))!;
                Assert.Equal(["docs/doc.txt"], page.Items.Select(i => i.Path));
                Assert.Equal(original.Length, page.Items[0].Size);
                break;
            case StorageMatrixAction.Read:
                Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
                break;
            case StorageMatrixAction.Write:
                Assert.Equal(replacement, await StorageApi.TryGetAsync(p.Owner, ns, "docs/new.txt"));
                Assert.Equal(original, await StorageApi.TryGetAsync(p.Owner, ns, "docs/doc.txt"));
                break;
            case StorageMatrixAction.Overwrite:
                Assert.Equal(replacement, await StorageApi.TryGetAsync(p.Owner, ns, "docs/doc.txt"));
                break;
            case StorageMatrixAction.Delete:
                Assert.Null(await StorageApi.TryGetAsync(p.Owner, ns, "docs/doc.txt"));
                break;
            case StorageMatrixAction.ChangeVisibility:
                Assert.Equal(nextVisibility, (await StorageApi.GetNamespaceAsync(p.Owner, ns)).Visibility);
                break;
            case StorageMatrixAction.Share:
            {
                var share = (await response.Content.ReadFromJsonAsync<ShareBody>(StorageApi.Json))!;
                var url = share.Url!;
                var token = url[(url.LastIndexOf('/') + 1)..];
                using var anonymous = p.Client(StorageCaller.Anonymous);
                Assert.Equal(original, await anonymous.GetByteArrayAsync($"/api/shares/{token}"));
                break;
            }
        }
    }

    /// <summary>Whatever a refused call tried, the owner sees the namespace exactly as it was arranged.</summary>
    private static async Task AssertUnchangedAsync(StorageMatrixPrincipals p, Guid ns, string visibility, byte[] original, string name)
    {
        Assert.Equal(original, await StorageApi.TryGetAsync(p.Owner, ns, "docs/doc.txt"));
        Assert.Null(await StorageApi.TryGetAsync(p.Owner, ns, "docs/new.txt"));
        Assert.Equal(visibility, (await StorageApi.GetNamespaceAsync(p.Owner, ns)).Visibility);
        var shares = await p.Owner.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/namespaces/{ns}/shares");
        Assert.Equal(0, shares.GetProperty("items").GetArrayLength());
    }

    /// <summary>The table covers every caller, visibility and action; docs/api.md lists every storage endpoint the silo serves.</summary>
    [Fact]
    public void Table_CoversEveryCell_AndTheDocListsTheServedEndpoints()
    {
        Assert.Equal(7 * 3 * 7, Cells.Count());
        var documented = StorageRows().Order().ToList();
        var served = StorageRoutesInOpenApi().Order().ToList();
        Assert.Equal(served, documented);
    }

    private static IEnumerable<string> StorageRows([CallerFilePath] string thisFile = "")
    {
        var inStorage = false;
        foreach (var line in File.ReadLines(DocsPath(thisFile, "api.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
                inStorage = line.StartsWith("## Storage", StringComparison.Ordinal);
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (inStorage && cells.Length >= 4 && cells[1] is "GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE")
                yield return $"{cells[1]} {cells[2].Split('?')[0]}";
        }
    }

    private static IEnumerable<string> StorageRoutesInOpenApi([CallerFilePath] string thisFile = "")
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(DocsPath(thisFile, "openapi.json")));
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            var route = path.Name;
            foreach (var operation in path.Value.EnumerateObject())
            {
                var tags = operation.Value.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
                if (tags.Contains("Storage"))
                    yield return $"{operation.Name.ToUpperInvariant()} {route}";
            }
        }
    }

    private static string DocsPath(string thisFile, string name) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "docs", name));
}

/// <summary>The callers of the matrix: one owner (with a namespace quota big enough for every cell), another user, an admin, the owner's tokens.</summary>
public sealed class StorageMatrixFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StorageMatrixPrincipals? _principals;

    public async Task<StorageMatrixPrincipals> GetAsync(SiloProcess silo)
    {
        await _gate.WaitAsync();
        try
        {
            return _principals ??= await StorageMatrixPrincipals.CreateAsync(silo);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _principals?.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class StorageMatrixPrincipals : IDisposable
{
    private readonly Dictionary<StorageCaller, HttpClient> _clients = [];
    private readonly SiloProcess _silo;

    private StorageMatrixPrincipals(SiloProcess silo) => _silo = silo;

    public HttpClient Owner => _clients[StorageCaller.Owner];

    /// <summary>The caller's client (anonymous callers get a fresh one each time).</summary>
    public HttpClient Client(StorageCaller caller) => caller == StorageCaller.Anonymous ? _silo.CreateClient() : _clients[caller];

    public static async Task<StorageMatrixPrincipals> CreateAsync(SiloProcess silo)
    {
        var p = new StorageMatrixPrincipals(silo);
        var admin = await silo.SignInAsAdminAsync();
        var (owner, ownerUser) = await StorageApi.NewUserAsync(silo, admin);
        await StorageApi.SetQuotaAsync(admin, ownerUser.Id, null, 1000);
        p._clients[StorageCaller.Owner] = owner;
        p._clients[StorageCaller.Admin] = (await StorageApi.NewUserAsync(silo, admin, "admin")).Client;
        p._clients[StorageCaller.OtherUser] = (await StorageApi.NewUserAsync(silo, admin)).Client;
        p._clients[StorageCaller.OwnerTokenFilesReadWrite] = await StorageApi.TokenClientAsync(silo, owner, "files:read", "files:write");
        p._clients[StorageCaller.OwnerTokenFilesRead] = await StorageApi.TokenClientAsync(silo, owner, "files:read");
        p._clients[StorageCaller.OwnerTokenWithoutFilesScope] = await StorageApi.TokenClientAsync(silo, owner, "account:read");
        admin.Dispose();
        return p;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
    }
}
