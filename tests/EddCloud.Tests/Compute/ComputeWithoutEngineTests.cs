using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Compute;

/// <summary>A silo whose node has no container engine (podman missing): the cloud runs, creates say what is wrong and change nothing.</summary>
[IntegrationTest]
public sealed class ComputeWithoutEngineTests : IAsyncLifetime
{
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await SiloProcess.StartAsync(ComputeApi.Settings(new() { ["EDD_COMPUTE__PODMAN_PATH"] = "/nonexistent/podman" }));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Create_Answers503NamingPodman_AndNothingIsCreated()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        var (owner, _) = await StorageApi.NewUserAsync(_silo, admin);
        // Let the node report itself (and its missing engine) first, so the answer is about the engine rather than a
        // node not heard from yet; a loaded machine can take seconds to get there.
        await ApiAssert.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/compute/nodes")).GetProperty("items").EnumerateArray()
                .Any(node => !node.GetProperty("engineAvailable").GetBoolean()),
            TimeSpan.FromSeconds(60), "the node reporting itself without an engine");

        using var response = await owner.PostAsJsonAsync("/api/containers", new { name = "no-engine" });
        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable", "create without an engine");
        Assert.Contains("podman", detail, StringComparison.Ordinal);
        Assert.Empty(await ComputeApi.ListAsync(owner));
        Assert.Equal(0, (await ComputeApi.UsageAsync(owner)).Containers);

        var node = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/compute/nodes")).GetProperty("items").EnumerateArray().Single();
        Assert.False(node.GetProperty("engineAvailable").GetBoolean());
        using var ready = await _silo.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
