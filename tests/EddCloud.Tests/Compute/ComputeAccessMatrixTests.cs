using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Compute;

/// <summary>
/// Who × action on one user's container, every cell: the rule (docs/api.md, "Compute", "Who may do what") is written
/// here once; each refused cell checks its status and code and that the container is unchanged, each allowed cell
/// checks its effect as the owner sees it.
/// </summary>
[Collection(ComputeSiloCollection.Name)]
[IntegrationTest]
public sealed class ComputeAccessMatrixTests(ComputeSiloFixture fixture)
{
    public enum Who { Anonymous, OtherUser, Owner, OwnerTokenReadWrite, OwnerTokenRead, OwnerTokenFilesOnly, Admin, AdminTokenReadWrite, AdminTokenRead }

    public enum Act { Get, Logs, Stats, ListIngress, ChangeRestartPolicy, Stop, Start, Restart, AddIngress, Delete, OpenTerminal }

    private static bool IsChange(Act act) => act >= Act.ChangeRestartPolicy;

    /// <summary>The expected answer: null = allowed, else the refusal's status.</summary>
    private static HttpStatusCode? Rule(Who who, Act act) => act == Act.OpenTerminal ? TerminalRule(who) : who switch
    {
        Who.Anonymous => HttpStatusCode.Unauthorized,
        Who.OtherUser => HttpStatusCode.NotFound,
        Who.Owner or Who.Admin or Who.OwnerTokenReadWrite or Who.AdminTokenReadWrite => null,
        Who.OwnerTokenRead or Who.AdminTokenRead => IsChange(act) ? HttpStatusCode.Forbidden : null,
        Who.OwnerTokenFilesOnly => HttpStatusCode.Forbidden,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    /// <summary>A shell is the owner's alone: admins manage other people's containers but do not enter them.</summary>
    private static HttpStatusCode? TerminalRule(Who who) => who switch
    {
        Who.Anonymous => HttpStatusCode.Unauthorized,
        Who.OtherUser => HttpStatusCode.NotFound,
        Who.Owner or Who.OwnerTokenReadWrite => null,
        _ => HttpStatusCode.Forbidden,
    };

    [Fact]
    public async Task EveryCallerTimesEveryAction_FollowsTheRule()
    {
        var silo = fixture.Silo;
        var (owner, _) = await StorageApi.NewUserAsync(silo, fixture.Admin);
        var (other, _) = await StorageApi.NewUserAsync(silo, fixture.Admin);
        var clients = new Dictionary<Who, HttpClient>
        {
            [Who.Anonymous] = silo.CreateClient(),
            [Who.OtherUser] = other,
            [Who.Owner] = owner,
            [Who.OwnerTokenReadWrite] = await StorageApi.TokenClientAsync(silo, owner, "containers:read", "containers:write"),
            [Who.OwnerTokenRead] = await StorageApi.TokenClientAsync(silo, owner, "containers:read"),
            [Who.OwnerTokenFilesOnly] = await StorageApi.TokenClientAsync(silo, owner, "files:read", "files:write"),
            [Who.Admin] = fixture.Admin,
            [Who.AdminTokenReadWrite] = await StorageApi.TokenClientAsync(silo, fixture.Admin, "admin:read", "admin:write"),
            [Who.AdminTokenRead] = await StorageApi.TokenClientAsync(silo, fixture.Admin, "admin:read"),
        };

        var target = await ComputeApi.CreateAsync(owner, new { name = "target", ports = new[] { 80 }, cpus = 0.1, memoryBytes = 32L << 20 });
        var failures = new List<string>();
        var cells = 0;
        foreach (var who in Enum.GetValues<Who>())
        {
            foreach (var act in Enum.GetValues<Act>())
            {
                cells++;
                // Deleting gets a container of its own, so the others live on.
                var subject = act == Act.Delete ? await ComputeApi.CreateAsync(owner, new { name = $"del-{cells}", cpus = 0.1, memoryBytes = 32L << 20 }) : target;
                // A terminal opens only on a running container (a stop or restart just before may still be under way).
                var before = act == Act.OpenTerminal ? await ComputeApi.WaitRunningAsync(owner, subject.Id) : await ComputeApi.GetAsync(owner, subject.Id);
                using var response = await SendAsync(clients[who], act, subject, cells);
                var expected = Rule(who, act);
                var body = await response.Content.ReadAsStringAsync();
                if (expected is { } refusal)
                {
                    if (response.StatusCode != refusal || !body.Contains($"\"status\":{(int)refusal}", StringComparison.Ordinal))
                        failures.Add($"{who} × {act}: expected {(int)refusal}, got {(int)response.StatusCode} {body}");
                    var after = await ComputeApi.GetAsync(owner, subject.Id);
                    if (after.DesiredState != before.DesiredState || after.RestartPolicy != before.RestartPolicy || after.Ingress.Count != before.Ingress.Count)
                        failures.Add($"{who} × {act}: refused, but the container changed");
                }
                else if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{who} × {act}: expected success, got {(int)response.StatusCode} {body}");
                }
                else if (act == Act.OpenTerminal)
                {
                    // The effect is a ticket for this container's terminal socket.
                    if (!body.Contains($"\"path\":\"/api/containers/{subject.Id}/terminal/ws?ticket=", StringComparison.Ordinal))
                        failures.Add($"{who} × {act}: no ticket for this container's terminal in {body}");
                }
                else
                {
                    var effect = await EffectAsync(owner, act, subject, before, cells);
                    if (effect is not null)
                        failures.Add($"{who} × {act}: {effect}");
                }
            }
        }

        Assert.Equal(Enum.GetValues<Who>().Length * Enum.GetValues<Act>().Length, cells);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await ComputeApi.DeleteAsync(owner, target.Id);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Act act, ContainerBody container, int cell)
    {
        var path = $"/api/containers/{container.Id}";
        return act switch
        {
            Act.Get => client.GetAsync(path),
            Act.Logs => client.GetAsync(path + "/logs?tail=5"),
            Act.Stats => client.GetAsync(path + "/stats"),
            Act.ListIngress => client.GetAsync(path + "/ingress"),
            Act.ChangeRestartPolicy => client.PatchAsJsonAsync(path, new { restartPolicy = cell % 2 == 0 ? "always" : "never" }),
            Act.Stop => client.PostAsJsonAsync(path + "/stop", new { timeoutSeconds = 2 }),
            Act.Start => client.PostAsync(path + "/start", null),
            Act.Restart => client.PostAsync(path + "/restart", null),
            Act.AddIngress => client.PostAsJsonAsync(path + "/ingress", new { name = $"m-{cell}-{container.Id.ToString("N")[..8]}", port = 80 }),
            Act.Delete => client.DeleteAsync(path),
            Act.OpenTerminal => client.PostAsync(path + "/terminal", null),
            _ => throw new ArgumentOutOfRangeException(nameof(act)),
        };
    }

    /// <summary>Null when the allowed action did what it says, as the owner sees it; else what is wrong.</summary>
    private static async Task<string?> EffectAsync(HttpClient owner, Act act, ContainerBody container, ContainerBody before, int cell)
    {
        if (act == Act.Delete)
        {
            using var gone = await owner.GetAsync($"/api/containers/{container.Id}");
            return gone.StatusCode == HttpStatusCode.NotFound ? null : $"still there ({(int)gone.StatusCode})";
        }

        var after = await ComputeApi.GetAsync(owner, container.Id);
        switch (act)
        {
            case Act.ChangeRestartPolicy:
                return after.RestartPolicy == (cell % 2 == 0 ? "always" : "never") ? null : $"policy is {after.RestartPolicy}";
            case Act.Stop:
                var stopped = after.DesiredState == "stopped" ? null : "not wanted stopped";
                await ComputeApi.ActAsync(owner, container.Id, "start");
                return stopped;
            case Act.Start:
            case Act.Restart:
                return after.DesiredState == "running" ? null : "not wanted running";
            case Act.AddIngress:
                return after.Ingress.Count == before.Ingress.Count + 1 ? null : "no new ingress rule";
            default:
                return null;
        }
    }
}
