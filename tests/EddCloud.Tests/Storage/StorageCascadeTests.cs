using System.Net;
using System.Net.Http.Json;
using System.Text;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

/// <summary>
/// Crashes of the silo (SIGKILL) around storage: a deleted user's namespaces and files still go (through the
/// edd.users.deleted event on JetStream), and uploads cut by the crash leave every acknowledged file intact,
/// nothing partial, and the owner's usage exact once the dead uploads' reservations lapse.
/// </summary>
[IntegrationTest]
public sealed class StorageCascadeTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    // Short reservation leases so the crashed uploads' reservations lapse within the test.
    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["EDD_STORAGE__RESERVATION_LEASE"] = "00:00:05" });

    [Fact]
    public async Task SiloKilledDuringUploads_AcknowledgedFilesIntact_NothingPartial_UsageExactAfterLapse()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        var (owner, user) = await StorageApi.NewUserAsync(_silo, admin);
        var ns = await StorageApi.CreateNamespaceAsync(owner);
        var acknowledged = new Dictionary<string, byte[]>();
        for (var i = 0; i < 5; i++)
        {
            var content = StorageApi.Bytes(500_000 + i, 40 + i);
            await StorageApi.PutAsync(owner, ns.Id, $"done/{i}.bin", content);
            acknowledged[$"done/{i}.bin"] = content;
        }
        var inFlight = Enumerable.Range(0, 6).ToDictionary(i => $"cut/{i}.bin", i => StorageApi.Bytes(3_000_000, 60 + i));
        var uploads = inFlight.Select(async file =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, StorageApi.FileUrl(ns.Id, file.Key))
            {
                Content = new UploadProgressClient.SlowContent(file.Value, 30, TimeSpan.FromMilliseconds(60)),
            };
            try
            {
                using var response = await owner.SendAsync(request);
                return (Path: file.Key, Status: response.StatusCode);
            }
            catch (HttpRequestException)
            {
                return (Path: file.Key, Status: (HttpStatusCode)0);
            }
        }).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await _silo.KillAsync();
        var outcomes = await Task.WhenAll(uploads);
        await _silo.StartAsync();

        using var again = await user.SignInAsync(_silo);
        foreach (var path in outcomes.Where(o => o.Status == HttpStatusCode.Created).Select(o => o.Path))
            acknowledged[path] = inFlight[path];
        foreach (var (path, content) in acknowledged)
            Assert.Equal(content, await StorageApi.TryGetAsync(again, ns.Id, path));
        foreach (var (path, content) in inFlight)
        {
            var stored = await StorageApi.TryGetAsync(again, ns.Id, path);
            Assert.True(stored is null || stored.SequenceEqual(content), $"{path} is partial: {stored?.Length} bytes");
        }
        var listed = (await StorageApi.ListAsync(again, ns.Id, "?delimiter=")).Items.Sum(i => i.Size);
        await ApiAssert.EventuallyAsync(async () =>
        {
            var usage = await StorageApi.UsageAsync(again);
            return usage.ReservedBytes == 0 && usage.UsedBytes == listed;
        }, TimeSpan.FromSeconds(60), $"usage settling at the {listed} bytes listed, with no reservation left");
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task UserDeleted_SiloKilledDuringTheCascade_EveryNamespaceAndFileGoneAfterRestart()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        var (owner, user) = await StorageApi.NewUserAsync(_silo, admin);
        var (bystander, bystanderUser) = await StorageApi.NewUserAsync(_silo, admin);
        var kept = await StorageApi.CreateNamespaceAsync(bystander);
        await StorageApi.PutAsync(bystander, kept.Id, "keep.txt", Encoding.UTF8.GetBytes("not theirs"));
        var namespaces = new List<Guid>();
        for (var n = 0; n < 3; n++)
        {
            var ns = await StorageApi.CreateNamespaceAsync(owner, visibility: n == 0 ? "public" : "private");
            namespaces.Add(ns.Id);
            await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
                StorageApi.PutAsync(owner, ns.Id, $"folder{i % 3}/file{i}.txt", Encoding.UTF8.GetBytes($"{n}/{i}"))));
        }

        using (var delete = await admin.DeleteAsync($"/api/admin/users/{user.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await _silo.KillAsync();
        await _silo.StartAsync();

        using var again = await _silo.SignInAsAdminAsync();
        foreach (var ns in namespaces)
            await StorageAssert.PurgedAsync(again, ns, TimeSpan.FromMinutes(3));
        await ApiAssert.EventuallyAsync(async () =>
        {
            var page = await again.GetFromJsonAsync<NamespacePageBody>($"/api/namespaces?owner={user.Id}", StorageApi.Json);
            return page!.Items.Count == 0;
        }, TimeSpan.FromSeconds(60), "the deleted user's namespace index being empty");
        using var anonymous = _silo.CreateClient();
        var index = await anonymous.GetFromJsonAsync<NamespacePageBody>("/api/public/namespaces?limit=1000", StorageApi.Json);
        Assert.DoesNotContain(index!.Items, n => namespaces.Contains(n.Id));
        using (var gone = await again.GetAsync($"/api/namespaces/{namespaces[1]}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        // Someone else's files are untouched.
        using var bystanderAgain = await bystanderUser.SignInAsync(_silo);
        Assert.Equal(Encoding.UTF8.GetBytes("not theirs"), await StorageApi.TryGetAsync(bystanderAgain, kept.Id, "keep.txt"));
    }
}
