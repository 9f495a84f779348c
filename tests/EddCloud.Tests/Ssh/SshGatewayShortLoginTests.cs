using EddCloud.Tests.Compute;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

/// <summary>
/// <c>ssh -p &lt;gateway&gt; &lt;container&gt;@host</c>: the gateway finds the user by the presented key, with the stock
/// OpenSSH client against real containers under Podman.
/// </summary>
[IntegrationTest]
public sealed class SshGatewayShortLoginTests : SshGatewayTestBase
{
    [Fact]
    public async Task ContainerNameAlone_LogsIn_AsksForUserDotContainerWhenTwoUsersShareKeyAndName_AndADeletedKeyIsRefused()
    {
        var (alice, aliceUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var (bob, bobUser) = await StorageApi.NewUserAsync(Silo, Admin);
        // One key pair both registered (a shared deploy key): the gateway cannot tell from the key whose container is meant.
        var shared = await SshTestKeys.NewAsync(WorkDirectory, "shared");
        var stranger = await SshTestKeys.NewAsync(WorkDirectory, "stranger");
        var aliceKey = await SshTestKeys.AddAsync(alice, shared);
        var bobKey = await SshTestKeys.AddAsync(bob, shared);
        var both = ComputeApi.NewName("both");
        var created = await Task.WhenAll(
            ComputeApi.CreateAsync(alice, new { name = both, allowedKeys = new[] { aliceKey } }),
            ComputeApi.CreateAsync(bob, new { name = both, allowedKeys = new[] { bobKey } }),
            ComputeApi.CreateAsync(alice, new { name = ComputeApi.NewName("own"), allowedKeys = new[] { aliceKey } }));
        var aliceBoth = await ComputeApi.WaitRunningAsync(alice, created[0].Id);
        await ComputeApi.WaitRunningAsync(bob, created[1].Id);
        var aliceOwn = await ComputeApi.WaitRunningAsync(alice, created[2].Id);
        await WaitForLoginAsync(shared, $"{aliceUser.Username}.{aliceOwn.Name}");

        // A name only one of the key's users has: that container, as if the user had been named.
        var own = await SshAsync(shared, aliceOwn.Name, "echo in-$(hostname)");
        Assert.True(own.ExitCode == 0, own.Error);
        Assert.Equal($"in-{aliceOwn.Id:N}", own.Output);

        // A name both have: refused, with the logins that would work.
        var ambiguous = await SshAsync(shared, both, "true");
        Assert.Equal(255, ambiguous.ExitCode);
        Assert.Contains("log in as <user>.<container>", ambiguous.Error, StringComparison.Ordinal);
        Assert.Contains($"{aliceUser.Username}.{both}", ambiguous.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"{bobUser.Username}.{both}", ambiguous.Error, StringComparison.OrdinalIgnoreCase);

        // A key nobody registered gets the same refusal as any key that may not log in.
        var unknown = await SshAsync(stranger, aliceOwn.Name, "true");
        Assert.Equal(255, unknown.ExitCode);
        Assert.Contains("may not log in", unknown.Error, StringComparison.Ordinal);

        // Bob deletes the key: the name is Alice's alone for it (within the gateway's few seconds of caching).
        await ApiAssert.StatusAsync(await bob.DeleteAsync($"/api/me/ssh-keys/{bobKey}"), System.Net.HttpStatusCode.NoContent, "bob deletes the key");
        (int ExitCode, string Output, string Error) single = (0, "", "");
        await ApiAssert.EventuallyAsync(async () => (single = await SshAsync(shared, both, "echo in-$(hostname)")).ExitCode == 0,
            TimeSpan.FromSeconds(30), "the short login once only alice has the key");
        Assert.Equal($"in-{aliceBoth.Id:N}", single.Output);

        // Alice deletes it too: refused for every name.
        await ApiAssert.StatusAsync(await alice.DeleteAsync($"/api/me/ssh-keys/{aliceKey}"), System.Net.HttpStatusCode.NoContent, "alice deletes the key");
        await ApiAssert.EventuallyAsync(async () =>
        {
            var refused = await Task.WhenAll(SshAsync(shared, aliceOwn.Name, "true"), SshAsync(shared, both, "true"));
            return refused.All(r => r.ExitCode == 255 && r.Error.Contains("may not log in", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(30), "a deleted key is refused");
    }
}
