using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

/// <summary>Files in namespaces through the REST API on one node: what an uploader and a downloader notice.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class StorageFilesTests(SiloFixture fixture)
{
    private SiloProcess Silo => fixture.Silo;

    private async Task<(HttpClient Owner, TestUsers.TestUser User, HttpClient Admin)> OwnerAsync()
    {
        var admin = await Silo.SignInAsAdminAsync();
        var (owner, user) = await StorageApi.NewUserAsync(Silo, admin);
        return (owner, user, admin);
    }

    [Fact]
    public async Task PutThenGet_BytesMetadataRangesAndETag_AsUploaded()
    {
        var (owner, user, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        var content = StorageApi.Bytes(300_000, 1);

        var stored = await StorageApi.PutAsync(owner, ns.Id, "photos/2026/cat.png", content, "image/png");

        Assert.Equal(("photos/2026/cat.png", 300_000L, "image/png", user.Username, user.Id), (stored.Path, stored.Size, stored.ContentType, stored.Uploader, stored.UploaderId));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), stored.Sha256);
        var url = StorageApi.FileUrl(ns.Id, "photos/2026/cat.png");
        using (var get = await owner.GetAsync(url))
        {
            Assert.Equal(content, await get.Content.ReadAsByteArrayAsync());
            Assert.Equal($"\"{stored.Sha256}\"", get.Headers.ETag?.Tag);
            Assert.Equal("inline", get.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("image/png", get.Content.Headers.ContentType?.MediaType);
        }
        using (var range = new HttpRequestMessage(HttpMethod.Get, url))
        {
            range.Headers.Range = new RangeHeaderValue(1000, 1999);
            using var partial = await owner.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(content[1000..2000], await partial.Content.ReadAsByteArrayAsync());
            Assert.Equal("bytes 1000-1999/300000", partial.Content.Headers.ContentRange?.ToString());
        }
        using (var suffix = new HttpRequestMessage(HttpMethod.Get, url))
        {
            suffix.Headers.Range = new RangeHeaderValue(null, 10);
            using var tail = await owner.SendAsync(suffix);
            Assert.Equal(content[^10..], await tail.Content.ReadAsByteArrayAsync());
        }
        using (var cached = new HttpRequestMessage(HttpMethod.Get, url))
        {
            cached.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{stored.Sha256}\""));
            using var notModified = await owner.SendAsync(cached);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        using (var head = await owner.SendAsync(new HttpRequestMessage(HttpMethod.Head, url)))
        {
            Assert.Equal(300_000, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        var metadata = await owner.GetFromJsonAsync<StoredFileBody>($"/api/namespaces/{ns.Id}/metadata/photos/2026/cat.png", StorageApi.Json);
        Assert.Equal(stored, metadata);
    }

    [Fact]
    public async Task UploadedHtml_IsServedAsAnAttachmentInASandbox_NeverAsAPageOfTheDashboard()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner, visibility: "public");
        await StorageApi.PutAsync(owner, ns.Id, "evil.html", Encoding.UTF8.GetBytes("<script>fetch('/api/me')</script>"), "text/html");
        await StorageApi.PutAsync(owner, ns.Id, "drawing.svg", Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "image/svg+xml");

        using var anonymous = Silo.CreateClient();
        foreach (var name in new[] { "evil.html", "drawing.svg" })
        {
            using var response = await anonymous.GetAsync(StorageApi.FileUrl(ns.Id, name));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task Download_NameWithQuotesAndUnicode_DispositionEncodesIt()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        const string name = "r\u00e9sum\u00e9 \"final\"; v2.txt";
        await StorageApi.PutAsync(owner, ns.Id, name, Encoding.UTF8.GetBytes("cv"));

        using var response = await owner.GetAsync(StorageApi.FileUrl(ns.Id, name) + "?download=true");

        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name, disposition.FileNameStar);
        Assert.DoesNotContain("\r", response.Content.Headers.GetValues("Content-Disposition").Single());
    }

    [Fact]
    public async Task List_FoldersPrefixesPagingAndRecursive()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        foreach (var path in new[] { "a.txt", "b.txt", "c.txt", "docs/one.txt", "docs/two.txt", "docs/deep/three.txt", "pics/p.png" })
            await StorageApi.PutAsync(owner, ns.Id, path, Encoding.UTF8.GetBytes(path));

        var root = await StorageApi.ListAsync(owner, ns.Id);
        Assert.Equal(["a.txt", "b.txt", "c.txt"], root.Items.Select(i => i.Path));
        Assert.Equal(["docs/", "pics/"], root.Folders);
        Assert.Null(root.Next);

        var first = await StorageApi.ListAsync(owner, ns.Id, "?limit=2");
        Assert.Equal(["a.txt", "b.txt"], first.Items.Select(i => i.Path));
        var second = await StorageApi.ListAsync(owner, ns.Id, $"?limit=2&after={Uri.EscapeDataString(first.Next!)}");
        Assert.Equal(["c.txt"], second.Items.Select(i => i.Path));
        Assert.Equal(["docs/"], second.Folders);

        var docs = await StorageApi.ListAsync(owner, ns.Id, "?prefix=docs/");
        Assert.Equal(["docs/one.txt", "docs/two.txt"], docs.Items.Select(i => i.Path));
        Assert.Equal(["docs/deep/"], docs.Folders);
        Assert.Equal(["docs/two.txt"], (await StorageApi.ListAsync(owner, ns.Id, "?prefix=docs/t")).Items.Select(i => i.Path));

        var everything = await StorageApi.ListAsync(owner, ns.Id, "?prefix=docs/&delimiter=");
        Assert.Equal(["docs/deep/three.txt", "docs/one.txt", "docs/two.txt"], everything.Items.Select(i => i.Path).Order(StringComparer.Ordinal));
        Assert.Empty(everything.Folders);

        // A folder whose last file goes is no longer listed.
        using (var delete = await owner.DeleteAsync(StorageApi.FileUrl(ns.Id, "pics/p.png")))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(["docs/"], (await StorageApi.ListAsync(owner, ns.Id)).Folders);
    }

    [Fact]
    public async Task MultipartForm_TwoFiles_BothStoredInTheFolder()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("first")), "files", "one.txt" },
            { new ByteArrayContent(StorageApi.Bytes(70_000, 2)), "files", "two.bin" },
        };

        using var response = await owner.PostAsync($"/api/namespaces/{ns.Id}/files?folder=inbox", form);

        await ApiAssert.StatusAsync(response, HttpStatusCode.Created, "multipart");
        Assert.Equal(Encoding.UTF8.GetBytes("first"), await StorageApi.TryGetAsync(owner, ns.Id, "inbox/one.txt"));
        Assert.Equal(StorageApi.Bytes(70_000, 2), await StorageApi.TryGetAsync(owner, ns.Id, "inbox/two.bin"));
        Assert.Equal("text/plain", (await StorageApi.ListAsync(owner, ns.Id, "?prefix=inbox/")).Items[0].ContentType);
    }

    [Fact]
    public async Task IfNoneMatchStar_ExistingFile_412AndOldContentKept()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        await StorageApi.PutAsync(owner, ns.Id, "keep.txt", Encoding.UTF8.GetBytes("old"));

        using var request = StorageApi.Put(ns.Id, "keep.txt", Encoding.UTF8.GetBytes("new"));
        request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        using var response = await owner.SendAsync(request);

        await ApiAssert.ProblemAsync(response, HttpStatusCode.PreconditionFailed, "precondition_failed", "no clobber");
        Assert.Equal(Encoding.UTF8.GetBytes("old"), await StorageApi.TryGetAsync(owner, ns.Id, "keep.txt"));
    }

    [Fact]
    public async Task IfNoneMatchStar_TwoUploadsOfANewPathAtOnce_ExactlyOneStored()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        var bodies = new[] { StorageApi.Bytes(2_000_000, 31), StorageApi.Bytes(2_000_000, 32) };

        var statuses = await Task.WhenAll(bodies.Select(async body =>
        {
            // Slow bodies: both pass the early check before either commits; the commit decides.
            using var request = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns.Id, "race.bin"))
            {
                Content = new UploadProgressClient.SlowContent(body, 10, TimeSpan.FromMilliseconds(50)),
            };
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
            using var response = await owner.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.PreconditionFailed], statuses.Order());
        var winner = bodies[Array.IndexOf(statuses, HttpStatusCode.Created)];
        Assert.Equal(winner, await StorageApi.TryGetAsync(owner, ns.Id, "race.bin"));
        Assert.Equal((2_000_000L, 0L), ((await StorageApi.UsageAsync(owner)).UsedBytes, (await StorageApi.UsageAsync(owner)).ReservedBytes));
    }

    public static TheoryData<string, string?> OddNames => new()
    {
        // name, null = stored and served under exactly this name; else the words the refusal must contain
        { "h\u00e9llo w\u00f6rld \u2713.txt", null },
        { "with  two  spaces.txt", null },
        { "\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.txt", null },
        { "emoji \ud83d\ude00.txt", null },
        { "dots...txt", null },
        { "-dash-first", null },
        { new string('x', 255), null },
        { new string('x', 256), "255 bytes" },
        { "trailing/", "end with '/'" },
        { "a\u0001b", "control characters" },
        { "tab\there", "control characters" },
    };

    [Theory]
    [MemberData(nameof(OddNames))]
    public async Task OddName_StoredAndServedSafely_OrRefusedClearly(string name, string? refusal)
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        var content = Encoding.UTF8.GetBytes("content of " + name);

        using var request = StorageApi.Put(ns.Id, name, content);
        using var response = await owner.SendAsync(request);

        if (refusal is null)
        {
            await ApiAssert.StatusAsync(response, HttpStatusCode.Created, name);
            Assert.Equal(content, await StorageApi.TryGetAsync(owner, ns.Id, name));
            var listing = await StorageApi.ListAsync(owner, ns.Id, "?delimiter=");
            Assert.Equal([name], listing.Items.Select(i => i.Path));
        }
        else
        {
            var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest, "validation", name);
            Assert.Contains(refusal, detail);
            Assert.Empty((await StorageApi.ListAsync(owner, ns.Id, "?delimiter=")).Items);
        }
    }

    [Fact]
    public async Task OddNames_DotDotInBodies_RefusedAndCaseOrNormalizationVariantsBehaveAsDocumented()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        // '..' cannot come through a URL (clients resolve dot segments) but can in a form's file name or a JSON body.
        using var form = new MultipartFormDataContent { { new ByteArrayContent([1]), "files", "../escape.txt" } };
        using (var post = await owner.PostAsync($"/api/namespaces/{ns.Id}/files", form))
            Assert.Contains("'..'", await ApiAssert.ProblemAsync(post, HttpStatusCode.BadRequest, "validation", "multipart .."));
        using (var share = await owner.PostAsJsonAsync($"/api/namespaces/{ns.Id}/shares", new { path = "a/../../etc/passwd" }))
            Assert.Contains("'..'", await ApiAssert.ProblemAsync(share, HttpStatusCode.BadRequest, "validation", "share .."));

        // Case differs: two files. Unicode normalization differs: one file (names are stored NFC).
        await StorageApi.PutAsync(owner, ns.Id, "Readme.md", Encoding.UTF8.GetBytes("upper"));
        await StorageApi.PutAsync(owner, ns.Id, "README.md", Encoding.UTF8.GetBytes("all caps"));
        await StorageApi.PutAsync(owner, ns.Id, "cafe\u0301.txt", Encoding.UTF8.GetBytes("decomposed"));
        await StorageApi.PutAsync(owner, ns.Id, "caf\u00e9.txt", Encoding.UTF8.GetBytes("composed"));

        Assert.Equal(Encoding.UTF8.GetBytes("upper"), await StorageApi.TryGetAsync(owner, ns.Id, "Readme.md"));
        Assert.Equal(Encoding.UTF8.GetBytes("all caps"), await StorageApi.TryGetAsync(owner, ns.Id, "README.md"));
        Assert.Equal(Encoding.UTF8.GetBytes("composed"), await StorageApi.TryGetAsync(owner, ns.Id, "cafe\u0301.txt"));
        Assert.Equal(["README.md", "Readme.md", "caf\u00e9.txt"], (await StorageApi.ListAsync(owner, ns.Id)).Items.Select(i => i.Path));
    }

    [Fact]
    public async Task Namespaces_DuplicateNameIgnoringCase_ConflictRenameAndPublicIndex()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner, "Holiday Photos", "public");

        using (var duplicate = await owner.PostAsJsonAsync("/api/namespaces", new { name = "holiday photos", visibility = "private" }))
            await ApiAssert.ProblemAsync(duplicate, HttpStatusCode.Conflict, "conflict", "duplicate name");
        using (var bad = await owner.PostAsJsonAsync("/api/namespaces", new { name = " bad/name", visibility = "private" }))
            await ApiAssert.ProblemAsync(bad, HttpStatusCode.BadRequest, "validation", "bad name");
        using (var badVisibility = await owner.PostAsJsonAsync("/api/namespaces", new { name = "x", visibility = "secret" }))
            await ApiAssert.ProblemAsync(badVisibility, HttpStatusCode.BadRequest, "validation", "bad visibility");

        using var anonymous = Silo.CreateClient();
        Assert.Contains(await PublicIndexAsync(anonymous), n => n.Id == ns.Id && n.Name == "Holiday Photos");

        using (var rename = await owner.PatchAsJsonAsync($"/api/namespaces/{ns.Id}", new { name = "Trips", visibility = "visible" }))
            await ApiAssert.StatusAsync(rename, HttpStatusCode.OK, "rename");
        var renamed = await StorageApi.GetNamespaceAsync(owner, ns.Id);
        Assert.Equal(("Trips", "visible"), (renamed.Name, renamed.Visibility));
        Assert.DoesNotContain(await PublicIndexAsync(anonymous), n => n.Id == ns.Id);
        var mine = await owner.GetFromJsonAsync<NamespacePageBody>("/api/namespaces", StorageApi.Json);
        Assert.Equal(["Trips"], mine!.Items.Select(n => n.Name));
    }

    private static async Task<List<NamespaceBody>> PublicIndexAsync(HttpClient client)
    {
        var all = new List<NamespaceBody>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var body = await client.GetFromJsonAsync<NamespacePageBody>($"/api/public/namespaces?limit=1000{(after is null ? "" : "&after=" + Uri.EscapeDataString(after))}", StorageApi.Json);
            all.AddRange(body!.Items);
            if ((after = body.Next) is null)
                break;
        }
        return all;
    }

    [Fact]
    public async Task Quota_ConcurrentUploadsPastIt_OnlyThoseThatFitAreStored()
    {
        var (owner, user, admin) = await OwnerAsync();
        await StorageApi.SetQuotaAsync(admin, user.Id, 1_000_000, 2);
        var ns = await StorageApi.CreateNamespaceAsync(owner);

        var uploads = await Task.WhenAll(Enumerable.Range(0, 5).Select(async i =>
        {
            using var request = StorageApi.Put(ns.Id, $"f{i}.bin", StorageApi.Bytes(300_000, i));
            using var response = await owner.SendAsync(request);
            return (i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        var stored = uploads.Where(u => u.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(3, stored.Count);
        Assert.All(uploads.Except(stored), u => Assert.Contains("quota_exceeded", u.Body));
        var usage = await StorageApi.UsageAsync(owner);
        Assert.Equal((900_000L, 1_000_000L, 0L), (usage.UsedBytes, usage.MaxBytes, usage.ReservedBytes));
        Assert.Equal(3, (await StorageApi.ListAsync(owner, ns.Id)).Items.Count);

        // Deleting gives the bytes back; the namespace quota holds too.
        using (await owner.DeleteAsync(StorageApi.FileUrl(ns.Id, $"f{stored[0].i}.bin"))) { }
        Assert.Equal(600_000, (await StorageApi.UsageAsync(owner)).UsedBytes);
        await StorageApi.CreateNamespaceAsync(owner);
        using var third = await owner.PostAsJsonAsync("/api/namespaces", new { name = "third", visibility = "private" });
        await ApiAssert.ProblemAsync(third, HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "namespace quota");
    }

    [Fact]
    public async Task Quota_BodiesOfUnknownLength_FitWhatIsLeft_AndStopAtTheQuota()
    {
        var (owner, user, admin) = await OwnerAsync();
        await StorageApi.SetQuotaAsync(admin, user.Id, 1_000_000, null);
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        await StorageApi.PutAsync(owner, ns.Id, "most.bin", StorageApi.Bytes(900_000, 1));

        // A form part has no length of its own: it still fits the 100 kB left.
        using var form = new MultipartFormDataContent { { new ByteArrayContent(StorageApi.Bytes(80_000, 2)), "files", "small.bin" } };
        using (var post = await owner.PostAsync($"/api/namespaces/{ns.Id}/files", form))
            await ApiAssert.StatusAsync(post, HttpStatusCode.Created, "small multipart part in a nearly full quota");

        // A chunked body past what is left is stopped with quota_exceeded, and nothing of it is kept.
        using var chunked = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns.Id, "too-much.bin"))
        {
            Content = new StreamContent(new NonSeekableStream(StorageApi.Bytes(50_000, 3))),
        };
        using (var refused = await owner.SendAsync(chunked))
            await ApiAssert.ProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "chunked body past the quota");
        Assert.Null(await StorageApi.TryGetAsync(owner, ns.Id, "too-much.bin"));
        var usage = await StorageApi.UsageAsync(owner);
        Assert.Equal((980_000L, 0L), (usage.UsedBytes, usage.ReservedBytes));
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task ShareLink_AnonymousDownloads_RevokedLinkStops_ExpiryValidated()
    {
        var (owner, _, _) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        var content = Encoding.UTF8.GetBytes("private notes");
        await StorageApi.PutAsync(owner, ns.Id, "notes.txt", content);
        using var anonymous = Silo.CreateClient();
        using (var direct = await anonymous.GetAsync(StorageApi.FileUrl(ns.Id, "notes.txt")))
            Assert.Equal(HttpStatusCode.Unauthorized, direct.StatusCode);

        using var created = await owner.PostAsJsonAsync($"/api/namespaces/{ns.Id}/shares", new { path = "notes.txt", expiresInHours = 24 });
        await ApiAssert.StatusAsync(created, HttpStatusCode.Created, "share");
        var share = (await created.Content.ReadFromJsonAsync<ShareBody>(StorageApi.Json))!;
        var url = share.Url!;
        var token = url[(url.LastIndexOf('/') + 1)..];
        Assert.InRange(share.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));

        Assert.Equal(content, await anonymous.GetByteArrayAsync($"/api/shares/{token}"));
        var info = await anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/shares/{token}/info");
        Assert.Equal("notes.txt", info.GetProperty("path").GetString());
        using (var tampered = await anonymous.GetAsync($"/api/shares/{token[..^2]}xx"))
            await ApiAssert.ProblemAsync(tampered, HttpStatusCode.NotFound, "not_found", "tampered token");

        using (var revoke = await owner.DeleteAsync($"/api/namespaces/{ns.Id}/shares/{share.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using (var revoked = await anonymous.GetAsync($"/api/shares/{token}"))
            await ApiAssert.ProblemAsync(revoked, HttpStatusCode.NotFound, "not_found", "revoked link");

        using var badExpiry = await owner.PostAsJsonAsync($"/api/namespaces/{ns.Id}/shares", new { path = "notes.txt", expiresInHours = 0 });
        await ApiAssert.ProblemAsync(badExpiry, HttpStatusCode.BadRequest, "validation", "expiry 0");
        using var missing = await owner.PostAsJsonAsync($"/api/namespaces/{ns.Id}/shares", new { path = "nope.txt" });
        await ApiAssert.ProblemAsync(missing, HttpStatusCode.NotFound, "not_found", "share of a missing file");
    }

    [Fact]
    public async Task DeleteNamespace_GoneAtOnce_FilesPurgedFromTheFileSystem()
    {
        var (owner, _, admin) = await OwnerAsync();
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        for (var i = 0; i < 5; i++)
            await StorageApi.PutAsync(owner, ns.Id, $"d{i % 2}/f{i}.txt", Encoding.UTF8.GetBytes($"file {i}"));

        using (var delete = await owner.DeleteAsync($"/api/namespaces/{ns.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using (var gone = await owner.GetAsync($"/api/namespaces/{ns.Id}"))
            await ApiAssert.ProblemAsync(gone, HttpStatusCode.NotFound, "not_found", "deleted namespace");
        await StorageAssert.PurgedAsync(admin, ns.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(0, (await StorageApi.UsageAsync(owner)).Namespaces);
    }
}
