using System.Net;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Compute;

/// <summary>
/// Crashes around compute, each on a silo of its own: the silo SIGKILLed while the containers drift behind its back,
/// and a deleted user's containers removed through the edd.users.deleted event even when the silo dies right after.
/// </summary>
[IntegrationTest]
public sealed class ContainerRecoveryTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(ComputeApi.Settings());

    public async Task DisposeAsync()
    {
        await ComputeApi.DisposeSiloAsync(_silo);
    }

    [Fact]
    public async Task SiloKilledAndRestarted_ReconcilesEveryContainer()
    {
        using (var admin = await _silo.SignInAsAdminAsync())
        {
            var (owner, user) = await StorageApi.NewUserAsync(_silo, admin);
            var crashing = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = "crashes", restartPolicy = "always" })).Id);
            var steady = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = "steady" })).Id);
            var parked = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = "parked" })).Id);
            await ComputeApi.ActAsync(owner, parked.Id, "stop", new { timeoutSeconds = 2 });
            await ComputeApi.WaitAsync(owner, parked.Id, c => c.Status == "stopped", "stopped");
            await ComputeApi.ExecAsync(steady, "/bin/sh", "-c", "echo survived > /data/mark");
            // Wanted running, but the silo dies before it is created.
            var unborn = await ComputeApi.CreateAsync(owner, new { name = "unborn" });

            await _silo.KillAsync();

            // Behind the dead silo's back: one container dies, a stopped one is started.
            Assert.Equal(0, (await ComputeApi.PodmanAsync("kill", crashing.EngineName)).ExitCode);
            Assert.Equal(0, (await ComputeApi.PodmanAsync("start", parked.EngineName)).ExitCode);

            await _silo.StartAsync();
            using var owner2 = await user.SignInAsync(_silo);

            var restarted = await ComputeApi.WaitAsync(owner2, crashing.Id, c => c.Status == "running" && c.StartedAt > crashing.StartedAt, "restarted after its crash", 60);
            Assert.Equal(1, restarted.RestartCount);
            Assert.Equal(137, restarted.ExitCode);

            await ComputeApi.WaitAsync(owner2, parked.Id, c => c.Status == "stopped", "stopped again", 60);
            await ApiAssert.EventuallyAsync(async () =>
                (await ComputeApi.PodmanAsync("inspect", "--format", "{{.State.Running}}", parked.EngineName)).Output == "false",
                TimeSpan.FromSeconds(60), "the engine stopped the container started behind the silo's back");

            var untouched = await ComputeApi.GetAsync(owner2, steady.Id);
            Assert.Equal("running", untouched.Status);
            Assert.Equal(steady.StartedAt, untouched.StartedAt);
            Assert.Equal("survived", await ComputeApi.ExecAsync(untouched, "cat", "/data/mark"));

            await ComputeApi.WaitRunningAsync(owner2, unborn.Id, 90);
            Assert.Equal(4, (await ComputeApi.UsageAsync(owner2)).Containers);
        }
    }

    [Fact]
    public async Task UserDeleted_TheirContainersVolumesAndIngressGo_EvenIfTheSiloDiesRightAfter()
    {
        Guid userId;
        ContainerBody first, second;
        string ingressName = ComputeApi.NewName("gone");
        using (var admin = await _silo.SignInAsAdminAsync())
        {
            var (owner, user) = await StorageApi.NewUserAsync(_silo, admin);
            userId = user.Id;
            first = await ComputeApi.WaitRunningAsync(owner, (await ComputeApi.CreateAsync(owner, new { name = "one", ports = new[] { 80 }, ingress = new[] { new { name = ingressName, port = 80 } } })).Id);
            second = await ComputeApi.CreateAsync(owner, new { name = "two" });

            using var deleted = await admin.DeleteAsync($"/api/admin/users/{user.Id}");
            await ApiAssert.StatusAsync(deleted, HttpStatusCode.NoContent, "delete user");
        }

        await _silo.KillAsync();
        await _silo.StartAsync();

        await ApiAssert.EventuallyAsync(async () =>
            (await ComputeApi.PodmanAsync("ps", "-a", "--filter", $"label=eddcloud.owner={userId}", "--format", "{{.Names}}")).Output.Length == 0,
            TimeSpan.FromSeconds(90), "every container of the deleted user removed from the engine");
        // Each volume goes right after its container, so the last one may still be on its way.
        foreach (var volume in new[] { $"{first.EngineName}-data", $"{second.EngineName}-data" })
            await ApiAssert.EventuallyAsync(async () => (await ComputeApi.PodmanAsync("volume", "exists", volume)).ExitCode != 0,
                TimeSpan.FromSeconds(30), $"volume {volume} of the deleted user removed");

        // The ingress name is free for someone else.
        using var admin2 = await _silo.SignInAsAdminAsync();
        var (other, _) = await StorageApi.NewUserAsync(_silo, admin2);
        var taker = await ComputeApi.CreateAsync(other, new { name = "taker", ports = new[] { 80 }, ingress = new[] { new { name = ingressName, port = 80 } } });
        Assert.Equal(ingressName, Assert.Single(taker.Ingress).Name);
        await ComputeApi.DeleteAsync(other, taker.Id);
    }
}
