using System.Net;
using System.Net.Http.Json;
using System.Text;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Storage;

/// <summary>
/// A deleted user's namespaces and files go through the edd.users.deleted event on JetStream, even when the silo
/// is killed (SIGKILL) right after the deletion was acknowledged and started again.
/// </summary>
public sealed class StorageCascadeTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync();

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
