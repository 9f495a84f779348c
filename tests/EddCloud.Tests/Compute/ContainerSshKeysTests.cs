using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

using EddCloud.Tests.Hosting;

using EddCloud.Tests.Ssh;

namespace EddCloud.Tests.Compute;

/// <summary>
/// Which of the owner's keys reach a container, with the real OpenSSH client against the container's own sshd (its
/// port published on 127.0.0.1), verifying the host key compute recorded: changes apply to the running container
/// without a restart, and a deleted key stops working at once.
/// </summary>
[Collection(ComputeSiloCollection.Name)]
[IntegrationTest]
public sealed class ContainerSshKeysTests(ComputeSiloFixture fixture) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edd-ssh-").FullName;

    [Fact]
    public async Task AllowedKeys_LogIn_ChangesApplyLive_AndTheRecordedHostKeyIsTheServedOne()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var laptop = await NewKeyAsync("laptop");
        var desktop = await NewKeyAsync("desktop");
        var laptopId = await AddKeyAsync(owner, laptop);
        var desktopId = await AddKeyAsync(owner, desktop);

        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("ssh"), allowedKeys = new[] { laptopId } });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        var knownHosts = Path.Combine(_directory, "known_hosts");
        var port = running.HostPort(22);
        await File.WriteAllLinesAsync(knownHosts, running.Ssh!.HostKeys.Select(key => $"[127.0.0.1]:{port} {key}"));

        var (code, output, error) = await SshAsync(laptop, port, knownHosts, "echo hello-from-$(hostname)");
        Assert.True(code == 0, $"the allowed key logs in (strict host key checking): {error}");
        Assert.Equal($"hello-from-{running.Id:N}", output);
        Assert.NotEqual(0, (await SshAsync(desktop, port, knownHosts, "true")).ExitCode);

        // Swap the keys: no restart, the new set works within seconds.
        using (var patch = await owner.PatchAsJsonAsync($"/api/containers/{running.Id}", new { allowedKeys = new[] { desktopId } }))
            await ApiAssert.StatusAsync(patch, HttpStatusCode.OK, "change allowed keys");
        await ApiAssert.EventuallyAsync(async () => (await SshAsync(desktop, port, knownHosts, "true")).ExitCode == 0, TimeSpan.FromSeconds(60), "the newly allowed key logs in");
        Assert.NotEqual(0, (await SshAsync(laptop, port, knownHosts, "true")).ExitCode);
        Assert.Equal(running.StartedAt, (await ComputeApi.GetAsync(owner, running.Id)).StartedAt);

        // Deleting the key from the account revokes it everywhere.
        using (var delete = await owner.DeleteAsync($"/api/me/ssh-keys/{desktopId}"))
            await ApiAssert.StatusAsync(delete, HttpStatusCode.NoContent, "delete key");
        await ApiAssert.EventuallyAsync(async () => (await SshAsync(desktop, port, knownHosts, "true")).ExitCode != 0, TimeSpan.FromSeconds(60), "the deleted key is refused");

        // A host key that is not the recorded one is refused by the client: the record is what verification rests on.
        var wrongHosts = Path.Combine(_directory, "wrong_known_hosts");
        await File.WriteAllTextAsync(wrongHosts, $"[127.0.0.1]:{port} {laptop.PublicKey}\n");
        using (var patch = await owner.PatchAsJsonAsync($"/api/containers/{running.Id}", new { allowedKeys = new[] { laptopId } }))
            await ApiAssert.StatusAsync(patch, HttpStatusCode.OK, "allow laptop again");
        await ApiAssert.EventuallyAsync(async () => (await SshAsync(laptop, port, knownHosts, "true")).ExitCode == 0, TimeSpan.FromSeconds(60), "laptop allowed again");
        Assert.NotEqual(0, (await SshAsync(laptop, port, wrongHosts, "true")).ExitCode);

        // Another user's key, or a key id that is not the owner's, cannot be allowed.
        var (stranger, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var strangerId = await AddKeyAsync(stranger, await NewKeyAsync("stranger"));
        using (var refused = await owner.PatchAsJsonAsync($"/api/containers/{running.Id}", new { allowedKeys = new[] { strangerId } }))
            await ApiAssert.ProblemAsync(refused, HttpStatusCode.BadRequest, "validation", "someone else's key");
        Assert.Equal([laptopId], (await ComputeApi.GetAsync(owner, running.Id)).AllowedKeys);
        await ComputeApi.DeleteAsync(owner, running.Id);
    }

    [Fact]
    public async Task EachContainer_HasItsOwnHostKey()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var one = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("hk") });
        var two = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("hk") });
        var first = await ComputeApi.WaitRunningAsync(owner, one.Id);
        var second = await ComputeApi.WaitRunningAsync(owner, two.Id);
        Assert.Empty(first.Ssh!.HostKeys.Intersect(second.Ssh!.HostKeys));

        // Each container's authorized_keys holds a gateway key of its own (the first line), never a shared one.
        var firstGateway = (await ComputeApi.ExecAsync(first, "head", "-n", "1", "/root/.ssh/authorized_keys")).Trim();
        var secondGateway = (await ComputeApi.ExecAsync(second, "head", "-n", "1", "/root/.ssh/authorized_keys")).Trim();
        Assert.StartsWith("ssh-ed25519 ", firstGateway, StringComparison.Ordinal);
        Assert.NotEqual(firstGateway, secondGateway);
        await ComputeApi.DeleteAsync(owner, one.Id);
        await ComputeApi.DeleteAsync(owner, two.Id);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<SshTestKey> NewKeyAsync(string name) => SshTestKeys.NewAsync(_directory, name);

    private static Task<Guid> AddKeyAsync(HttpClient owner, SshTestKey key) => SshTestKeys.AddAsync(owner, key);

    private static Task<(int ExitCode, string Output, string Error)> SshAsync(SshTestKey key, int port, string knownHosts, string command) =>
        ExternalTool.RunAsync("ssh", [
            "-i", key.PrivatePath, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={knownHosts}",
            "-o", "GlobalKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-F", "/dev/null",
            "root@127.0.0.1", command], TimeSpan.FromSeconds(30));
}
