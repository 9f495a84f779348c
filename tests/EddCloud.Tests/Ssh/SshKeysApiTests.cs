using System.Net;
using System.Net.Http.Json;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Ssh;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

public sealed record SshKeyBody(Guid Id, string Name, string Type, int Bits, string Fingerprint, string PublicKey, DateTimeOffset CreatedAt);

public sealed record SshKeyListBody(List<SshKeyBody> Items);

/// <summary>A user's SSH keys through the REST API: what they add is what they list; others never see or touch it.</summary>
[Collection(SiloCollection.Name)]
[IntegrationTest]
public sealed class SshKeysApiTests(SiloFixture fixture)
{
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGsFsmdNyzTYXExJVYpY9GbvxLbrQYh5w7KpL1vQ4Yp2";

    [Fact]
    public async Task AddListRenameDelete_AsTheUserSeesIt()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, admin);

        using var added = await owner.PostAsJsonAsync("/api/me/ssh-keys", new { publicKey = Ed25519 + " alice@laptop" });
        await ApiAssert.StatusAsync(added, HttpStatusCode.Created, "add");
        var key = (await added.Content.ReadFromJsonAsync<SshKeyBody>())!;
        Assert.Equal(("alice@laptop", "ssh-ed25519", 256, Ed25519), (key.Name, key.Type, key.Bits, key.PublicKey));
        Assert.StartsWith("SHA256:", key.Fingerprint);

        using (var again = await owner.PostAsJsonAsync("/api/me/ssh-keys", new { name = "copy", publicKey = Ed25519 }))
            Assert.Contains("alice@laptop", await ApiAssert.ProblemAsync(again, HttpStatusCode.Conflict, "conflict", "the same key twice"));
        using (var weak = await owner.PostAsJsonAsync("/api/me/ssh-keys", new { publicKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7" }))
            await ApiAssert.ProblemAsync(weak, HttpStatusCode.BadRequest, "validation", "a broken key");
        using (var badName = await owner.PatchAsJsonAsync($"/api/me/ssh-keys/{key.Id}", new { name = "  " }))
            await ApiAssert.ProblemAsync(badName, HttpStatusCode.BadRequest, "validation", "an empty name");

        using (var rename = await owner.PatchAsJsonAsync($"/api/me/ssh-keys/{key.Id}", new { name = "work laptop" }))
            await ApiAssert.StatusAsync(rename, HttpStatusCode.OK, "rename");
        var listed = (await owner.GetFromJsonAsync<SshKeyListBody>("/api/me/ssh-keys"))!.Items;
        Assert.Equal([("work laptop", key.Fingerprint)], listed.Select(k => (k.Name, k.Fingerprint)));

        using (var delete = await owner.DeleteAsync($"/api/me/ssh-keys/{key.Id}"))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty((await owner.GetFromJsonAsync<SshKeyListBody>("/api/me/ssh-keys"))!.Items);
    }

    [Fact]
    public async Task AnotherUser_NeitherSeesNorTouchesMyKeys()
    {
        using var admin = await fixture.Silo.SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, admin);
        var (other, _) = await StorageApi.NewUserAsync(fixture.Silo, admin);
        using var added = await owner.PostAsJsonAsync("/api/me/ssh-keys", new { name = "mine", publicKey = Ed25519 });
        var key = (await added.Content.ReadFromJsonAsync<SshKeyBody>())!;

        Assert.Empty((await other.GetFromJsonAsync<SshKeyListBody>("/api/me/ssh-keys"))!.Items);
        using (var rename = await other.PatchAsJsonAsync($"/api/me/ssh-keys/{key.Id}", new { name = "stolen" }))
            await ApiAssert.ProblemAsync(rename, HttpStatusCode.NotFound, "not_found", "rename another's key");
        using (var delete = await other.DeleteAsync($"/api/me/ssh-keys/{key.Id}"))
            await ApiAssert.ProblemAsync(delete, HttpStatusCode.NotFound, "not_found", "delete another's key");
        // The same public key may belong to two users (each logs in to their own containers).
        using (var same = await other.PostAsJsonAsync("/api/me/ssh-keys", new { name = "theirs", publicKey = Ed25519 }))
            await ApiAssert.StatusAsync(same, HttpStatusCode.Created, "the same key for another user");
        Assert.Equal(["mine"], (await owner.GetFromJsonAsync<SshKeyListBody>("/api/me/ssh-keys"))!.Items.Select(k => k.Name));
    }
}

/// <summary>The keys grain on its own: a deleted user's keys go and no new one is accepted.</summary>
[Collection(GrainsClusterCollection.Name)]
public sealed class SshKeysGrainTests(GrainsClusterFixture cluster)
{
    [Fact]
    public async Task DeleteAll_EmptiesAndRefusesNewKeys_Idempotent()
    {
        var keys = cluster.Grains.GetGrain<ISshKeysGrain>(Guid.NewGuid());
        await keys.AddAsync("one", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGsFsmdNyzTYXExJVYpY9GbvxLbrQYh5w7KpL1vQ4Yp2");

        await keys.DeleteAllAsync();
        await keys.DeleteAllAsync();

        Assert.Empty(await keys.ListAsync());
        var error = await Assert.ThrowsAsync<EddException>(() => keys.AddAsync("two", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGsFsmdNyzTYXExJVYpY9GbvxLbrQYh5w7KpL1vQ4Yp2"));
        Assert.Equal(ErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task KeyIndex_FollowsAddDeleteAndUserDeletion_AndIsRepairedWhenTheKeysAreReadAgain()
    {
        var directory = Directory.CreateTempSubdirectory("edd-keyindex-").FullName;
        try
        {
            var key = await SshTestKeys.NewAsync(directory, "shared");
            var (aliceId, bobId) = (Guid.NewGuid(), Guid.NewGuid());
            var (alice, bob) = (cluster.Grains.GetGrain<ISshKeysGrain>(aliceId), cluster.Grains.GetGrain<ISshKeysGrain>(bobId));
            var aliceKey = await alice.AddAsync("laptop", key.PublicKey);
            await bob.AddAsync("deploy", key.PublicKey);
            var index = cluster.Grains.GetGrain<ISshKeyIndexGrain>(aliceKey.Fingerprint);
            Assert.Equal(new[] { aliceId, bobId }.Order(), (await index.GetUsersAsync()).Order());

            await alice.DeleteAsync(aliceKey.Id);
            Assert.Equal(bobId, Assert.Single(await index.GetUsersAsync()));

            // An entry lost (a crash between the two writes, or keys older than the index) comes back when the
            // user's keys grain is next activated.
            await index.RemoveAsync(bobId);
            await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            Assert.Single(await bob.ListAsync());
            Assert.Equal(bobId, Assert.Single(await index.GetUsersAsync()));

            await bob.DeleteAllAsync();
            Assert.Empty(await index.GetUsersAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
