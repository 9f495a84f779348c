using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Compute;

/// <summary>Quotas under parallel creates, bad specs, ingress names and SSH keys, against a real silo and Podman.</summary>
[Collection(ComputeSiloCollection.Name)]
[IntegrationTest]
public sealed class ContainerRulesTests(ComputeSiloFixture fixture)
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task TwentyParallelCreates_NeverPassTheQuota()
    {
        var (owner, user) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        using (var quota = await fixture.Admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/compute", new { maxContainers = 5, maxCpus = 10, maxMemoryBytes = 10L * 1024 * MiB }))
            await ApiAssert.StatusAsync(quota, HttpStatusCode.OK, "set quota");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await owner.PostAsJsonAsync("/api/containers", new { name = $"race-{i}", cpus = 0.1, memoryBytes = 32 * MiB });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Equal(5, attempts.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(a => a.StatusCode != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, a.StatusCode);
            Assert.Contains("\"quota_exceeded\"", a.Body, StringComparison.Ordinal);
        });
        var usage = await ComputeApi.UsageAsync(owner);
        Assert.Equal(5, usage.Containers);
        Assert.Equal(0.5m, usage.Cpus);
        Assert.Equal(5, (await ComputeApi.ListAsync(owner)).Count);

        // The engine ends up with exactly those five.
        await ApiAssert.EventuallyAsync(async () =>
            (await ComputeApi.PodmanAsync("ps", "-a", "--filter", $"label=eddcloud.owner={user.Id}", "--format", "{{.Names}}")).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 5,
            TimeSpan.FromSeconds(60), "five containers in the engine");
        foreach (var container in await ComputeApi.ListAsync(owner))
            await ComputeApi.DeleteAsync(owner, container.Id);
        Assert.Equal(0, (await ComputeApi.UsageAsync(owner)).Containers);
    }

    [Fact]
    public async Task QuotaOnCpuAndMemory_RefusesWhatWouldPassIt()
    {
        var (owner, user) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        using (var quota = await fixture.Admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/compute", new { maxContainers = 10, maxCpus = 1, maxMemoryBytes = 100 * MiB }))
            await ApiAssert.StatusAsync(quota, HttpStatusCode.OK, "set quota");
        using (var tooManyCpus = await owner.PostAsJsonAsync("/api/containers", new { name = "cpu-hog", cpus = 1.5, memoryBytes = 16 * MiB }))
            Assert.Contains("cores", await ApiAssert.ProblemAsync(tooManyCpus, HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "cpu quota"), StringComparison.Ordinal);
        using (var tooMuchMemory = await owner.PostAsJsonAsync("/api/containers", new { name = "mem-hog", cpus = 0.5, memoryBytes = 101 * MiB }))
            Assert.Contains("memory", await ApiAssert.ProblemAsync(tooMuchMemory, HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "memory quota"), StringComparison.Ordinal);
        Assert.Empty(await ComputeApi.ListAsync(owner));
    }

    public static TheoryData<string, string, string> BadSpecs() => new()
    {
        { "negative cpu", """{"name":"bad","cpus":-1}""", "cpus" },
        { "zero cpu", """{"name":"bad","cpus":0}""", "cpus" },
        { "huge cpu", """{"name":"bad","cpus":1000}""", "cpus" },
        { "negative memory", """{"name":"bad","memoryBytes":-5}""", "memoryBytes" },
        { "tiny memory", """{"name":"bad","memoryBytes":1024}""", "memoryBytes" },
        { "huge memory", """{"name":"bad","memoryBytes":1099511627776000}""", "memoryBytes" },
        { "huge pids", """{"name":"bad","pidsLimit":100000000}""", "pidsLimit" },
        { "unknown image", """{"name":"bad","image":"nosuchimage/anywhere:1"}""", "image" },
        { "image with spaces", """{"name":"bad","image":"a b"}""", "image" },
        { "env name with a dash", """{"name":"bad","env":{"BAD-NAME":"x"}}""", "env" },
        { "env name starting with a digit", """{"name":"bad","env":{"1X":"x"}}""", "env" },
        { "env name with shell", """{"name":"bad","env":{"X;rm -rf /":"x"}}""", "env" },
        { "name with uppercase", """{"name":"Bad"}""", "name" },
        { "name with a dot", """{"name":"a.b"}""", "name" },
        { "name too long", "{\"name\":\"" + new string('a', 64) + "\"}", "name" },
        { "no name", """{"cpus":1}""", "name" },
        { "port zero", """{"name":"bad","ports":[0]}""", "ports" },
        { "port too high", """{"name":"bad","ports":[70000]}""", "ports" },
        { "duplicate ports", """{"name":"bad","ports":[80,80]}""", "ports" },
        { "ingress to an unpublished port", """{"name":"bad","ports":[80],"ingress":[{"name":"unpublished-x1","port":81}]}""", "ingress" },
        { "reserved ingress name", """{"name":"bad","ports":[80],"ingress":[{"name":"admin","port":80}]}""", "ingress" },
        { "ingress name with underscore", """{"name":"bad","ports":[80],"ingress":[{"name":"a_b","port":80}]}""", "ingress" },
        { "ingress prefix with ..", """{"name":"bad","ports":[80],"ingress":[{"name":"dots-x1","port":80,"pathPrefix":"/a/../b"}]}""", "pathPrefix" },
        { "unknown restart policy", """{"name":"bad","restartPolicy":"sometimes"}""", "" },
        { "a key that is not yours", """{"name":"bad","allowedKeys":["6f1c2c1e-0000-4000-8000-000000000001"]}""", "allowedKeys" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task BadSpec_IsRefusedWithAClearMessage_AndNothingIsCreated(string what, string body, string field)
    {
        var (owner, user) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        using var response = await owner.PostAsync("/api/containers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: expected 400, got {(int)response.StatusCode}: {text}");
        using var problem = JsonDocument.Parse(text);
        Assert.Equal("validation", problem.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()), what);
        if (field.Length > 0)
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{what}: the problem names no '{field}' field: {text}");

        Assert.Empty(await ComputeApi.ListAsync(owner));
        Assert.Equal(0, (await ComputeApi.UsageAsync(owner)).Containers);
        Assert.Equal("", (await ComputeApi.PodmanAsync("ps", "-a", "--filter", $"label=eddcloud.owner={user.Id}", "--format", "{{.Names}}")).Output);
    }

    [Fact]
    public async Task ShellMetacharacters_InTheCommandAndEnv_AreData()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        const string tricky = "$(touch /tmp/pwned); `id` && rm -rf / ; echo 'x' | cat > /tmp/pwned2 \"$HOME\"";
        var created = await ComputeApi.CreateAsync(owner, new
        {
            name = ComputeApi.NewName("meta"),
            env = new Dictionary<string, string> { ["TRICKY"] = tricky },
            command = new[] { "/bin/sh", "-c", "printf '%s\\n' \"$1\" > /data/arg; exec sleep infinity", "sh", tricky },
        });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        Assert.Equal(tricky, await ComputeApi.ExecAsync(running, "cat", "/data/arg"));
        Assert.Equal(tricky, await ComputeApi.ExecAsync(running, "printenv", "TRICKY"));
        Assert.NotEqual(0, (await ComputeApi.PodmanAsync("exec", running.EngineName, "test", "-e", "/tmp/pwned")).ExitCode);
        Assert.NotEqual(0, (await ComputeApi.PodmanAsync("exec", running.EngineName, "test", "-e", "/tmp/pwned2")).ExitCode);
        Assert.Equal(["/bin/sh", "-c", "printf '%s\\n' \"$1\" > /data/arg; exec sleep infinity", "sh", tricky], running.Command);
        await ComputeApi.DeleteAsync(owner, running.Id);
    }

    [Fact]
    public async Task IngressNames_AreUniqueAcrossUsers_AndFreedWithTheirContainer()
    {
        var (alice, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var (bob, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var name = ComputeApi.NewName("web");
        var first = await ComputeApi.CreateAsync(alice, new { name = "site", ports = new[] { 8080 }, ingress = new[] { new { name, port = 8080, pathPrefix = "/app" } } });
        Assert.Equal($"https://{name}.apps.localhost/app", Assert.Single(first.Ingress).Url);

        using (var taken = await bob.PostAsJsonAsync("/api/containers", new { name = "site", ports = new[] { 80 }, ingress = new[] { new { name, port = 80 } } }))
            Assert.Contains(name, await ApiAssert.ProblemAsync(taken, HttpStatusCode.Conflict, "conflict", "taken ingress name on create"), StringComparison.Ordinal);
        Assert.Empty(await ComputeApi.ListAsync(bob));

        var bobs = await ComputeApi.CreateAsync(bob, new { name = "site", ports = new[] { 80 } });
        using (var taken = await bob.PostAsJsonAsync($"/api/containers/{bobs.Id}/ingress", new { name, port = 80 }))
            await ApiAssert.ProblemAsync(taken, HttpStatusCode.Conflict, "conflict", "taken ingress name on add");

        await ComputeApi.DeleteAsync(alice, first.Id);
        using (var free = await bob.PostAsJsonAsync($"/api/containers/{bobs.Id}/ingress", new { name, port = 80 }))
            await ApiAssert.StatusAsync(free, HttpStatusCode.Created, "the name is free once its container is deleted");
        var listed = (await bob.GetFromJsonAsync<JsonElement>($"/api/containers/{bobs.Id}/ingress")).GetProperty("items");
        Assert.Equal(name, Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());
        using (var removed = await bob.DeleteAsync($"/api/containers/{bobs.Id}/ingress/{name}"))
            await ApiAssert.StatusAsync(removed, HttpStatusCode.NoContent, "remove ingress");
        Assert.Empty((await ComputeApi.GetAsync(bob, bobs.Id)).Ingress);
        await ComputeApi.DeleteAsync(bob, bobs.Id);
    }

    [Fact]
    public async Task StopWithoutABody_UsesTheDefaultTimeout()
    {
        var (owner, _) = await StorageApi.NewUserAsync(fixture.Silo, fixture.Admin);
        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("nobody") });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/containers/{created.Id}/stop");
        using var response = await owner.SendAsync(request);
        await ApiAssert.StatusAsync(response, HttpStatusCode.Accepted, "stop without a body");
        await ComputeApi.WaitAsync(owner, created.Id, c => c.Status == "stopped", "stopped");
        await ComputeApi.DeleteAsync(owner, created.Id);
    }
}
