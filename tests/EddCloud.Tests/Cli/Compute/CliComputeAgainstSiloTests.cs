using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EddCloud.Tests.Compute;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Cli.Compute;

/// <summary>
/// `edd containers`, `edd ingress` and `edd compute usage` against the real single-node cloud with real Podman, as a
/// new user: a container is created with limits, env, a published port and a command (--wait until it runs), listed,
/// shown with its SSH command, its logs and stats read, stopped and started, given an ingress rule that is listed and
/// removed, counted in the usage, and removed. Every step is checked by what the person sees in the CLI's output.
/// </summary>
[Collection(ComputeSiloCollection.Name)]
[IntegrationTest]
public sealed class CliComputeAgainstSiloTests(ComputeSiloFixture fixture) : IDisposable
{
    private const long MiB = 1024 * 1024;

    /// <summary>How long a container may take to reach a status after a start or stop (stop waits 10 s for SIGTERM).</summary>
    private static readonly TimeSpan StatusWithin = TimeSpan.FromSeconds(60);

    private readonly CliAgainstSiloHarness _cli = new(fixture.Silo.BaseAddress);

    [Fact]
    public async Task Create_Ls_Show_Logs_Stats_StopStart_Ingress_Usage_Rm()
    {
        var user = await TestUsers.CreateAsync(fixture.Admin);
        (await _cli.RunWithStdinAsync(user.Password, "login", "--username", user.Username, "--password-stdin")).AssertOk();
        using var owner = await user.SignInAsync(fixture.Silo);
        var name = ComputeApi.NewName("cli");
        Guid? id = null;
        try
        {
            // create --wait: the status moves on stderr, the headline and the ssh command on stdout.
            var created = (await _cli.RunAsync(
                "containers", "create", name, "--memory", "128M", "--cpus", "0.5", "--env", "A=b", "--port", "8080", "--wait",
                "--", "/bin/sh", "-c", "echo hi-from-cli; sleep infinity")).AssertOk();
            var headline = Regex.Match(created.Out, $@"(?m)^container {Regex.Escape(name)} \(([0-9a-f-]{{36}})\) is running on node-{fixture.Silo.HttpPort}$");
            Assert.True(headline.Success, $"no running headline in:\n{created}");
            id = Guid.Parse(headline.Groups[1].Value);
            Assert.Contains($"{name}: running", created.Error, StringComparison.Ordinal);
            var api = await ComputeApi.GetAsync(owner, id.Value);
            Assert.Equal(128 * MiB, api.MemoryBytes);
            Assert.Equal(0.5m, api.Cpus);
            Assert.Equal(new[] { "/bin/sh", "-c", "echo hi-from-cli; sleep infinity" }, api.Command);
            Assert.Equal("b", api.Env["A"]);
            Assert.NotNull(api.Ssh);
            Assert.Contains($"ssh: {api.Ssh!.Command}", created.Out, StringComparison.Ordinal);

            // ls: one row, running, with its limits and its published port.
            var listed = (await _cli.RunAsync("containers", "ls")).AssertOk();
            var row = Assert.Single(Lines(listed.Out), l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Matches($@"^{Regex.Escape(name)}\s+running\s+\S+\s+0\.5\s+128 MiB\s+node-{fixture.Silo.HttpPort}\s+8080->{api.HostPort(8080)}\s+\d+[smhd]$", row);

            // show: status, limits, env, port and the ssh command.
            var shown = (await _cli.RunAsync("containers", "show", name)).AssertOk();
            Assert.Matches(@"(?m)^status\s+running\s*$", shown.Out);
            Assert.Matches(@"(?m)^memory\s+128 MiB \(134217728 bytes\)\s*$", shown.Out);
            Assert.Matches(@"(?m)^cpus\s+0\.5\s*$", shown.Out);
            Assert.Matches(@"(?m)^env\s+A=b\s*$", shown.Out);
            Assert.Matches($@"(?m)^port\s+8080 -> 127\.0\.0\.1:{api.HostPort(8080)}\s*$", shown.Out);
            Assert.Matches(@"(?m)^command\s+/bin/sh -c 'echo hi-from-cli; sleep infinity'\s*$", shown.Out);
            Assert.Matches($@"(?m)^ssh\s+{Regex.Escape(api.Ssh.Command)}\s*$", shown.Out);
            Assert.Contains($"{user.Username}.{name}@", api.Ssh.Command, StringComparison.Ordinal);

            // logs: what the command printed.
            var logs = await EventuallyAsync(["containers", "logs", name], r => Lines(r.Out).Contains("hi-from-cli"), "the log shows hi-from-cli");
            Assert.DoesNotContain("hi-from-cli", logs.Error, StringComparison.Ordinal);

            // stats: the memory limit is the one given at create.
            var stats = await EventuallyAsync(["containers", "stats", name], r => Regex.IsMatch(r.Out, @"(?m)^running\s+yes\s*$"), "stats of a running container");
            Assert.Matches(@"(?m)^memory\s+\S+ \S+ of 128 MiB \(\d+%\)\s*$", stats.Out);

            // stop: asked at once, stopped soon after.
            var stop = (await _cli.RunAsync("containers", "stop", name)).AssertOk();
            Assert.Matches($@"(?m)^stop requested for {Regex.Escape(name)}: now \S+, wanted stopped$", stop.Out);
            Assert.Contains($"edd containers show {name}", stop.Error, StringComparison.Ordinal);
            await EventuallyAsync(["containers", "show", name], r => Regex.IsMatch(r.Out, @"(?m)^status\s+stopped\s*$"), "status stopped", StatusWithin);
            Assert.Equal("stopped", (await ComputeApi.GetAsync(owner, id.Value)).Status);
            var stoppedRow = Assert.Single(Lines((await _cli.RunAsync("containers", "ls")).AssertOk().Out), l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Matches($@"^{Regex.Escape(name)}\s+stopped\s", stoppedRow);

            // start: running again.
            var start = (await _cli.RunAsync("containers", "start", name)).AssertOk();
            Assert.Matches($@"(?m)^start requested for {Regex.Escape(name)}: now \S+, wanted running$", start.Out);
            await EventuallyAsync(["containers", "show", name], r => Regex.IsMatch(r.Out, @"(?m)^status\s+running\s*$"), "status running again", StatusWithin);

            // ingress: add, list, remove (the name is unique across the cluster).
            var rule = ComputeApi.NewName("ing");
            var added = (await _cli.RunAsync("ingress", "add", name, rule, "--port", "8080")).AssertOk();
            Assert.Matches($@"(?m)^added ingress {Regex.Escape(rule)} -> port 8080: https://{Regex.Escape(rule)}\.\S+$", added.Out);
            var rules = (await _cli.RunAsync("ingress", "ls", name)).AssertOk();
            var ruleRow = Assert.Single(Lines(rules.Out), l => l.StartsWith(rule + " ", StringComparison.Ordinal));
            Assert.Matches($@"^{Regex.Escape(rule)}\s+8080\s+.*https://{Regex.Escape(rule)}\.\S+$", ruleRow);
            Assert.Contains(rule, Assert.Single((await ComputeApi.GetAsync(owner, id.Value)).Ingress).Name, StringComparison.Ordinal);
            var removed = (await _cli.RunAsync("ingress", "rm", name, rule)).AssertOk();
            Assert.Contains($"removed ingress {rule} from {name}", removed.Out, StringComparison.Ordinal);
            var none = (await _cli.RunAsync("ingress", "ls", name)).AssertOk();
            Assert.DoesNotContain(rule, none.Out, StringComparison.Ordinal);
            Assert.Contains($"{name} has no ingress rules", none.Error, StringComparison.Ordinal);

            // compute usage: this one container, its CPU and its memory.
            var usage = (await _cli.RunAsync("compute", "usage")).AssertOk();
            Assert.Matches(@"(?m)^containers\s+1 of \d+\s*$", usage.Out);
            Assert.Matches(@"(?m)^cpus\s+0\.5 of [\d.]+\s*$", usage.Out);
            Assert.Matches(@"(?m)^memory\s+128 MiB of ", usage.Out);

            // rm --yes: gone from the listing and from the API.
            var rm = (await _cli.RunAsync("containers", "rm", name, "--yes")).AssertOk();
            Assert.Contains($"deleted container {name} ({id})", rm.Out, StringComparison.Ordinal);
            using (var gone = await owner.GetAsync($"/api/containers/{id}"))
                Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            id = null;
            var after = (await _cli.RunAsync("containers", "ls")).AssertOk();
            Assert.DoesNotContain(name, after.Out, StringComparison.Ordinal);
            Assert.Contains("you have no containers", after.Error, StringComparison.Ordinal);
            var noneUsed = (await _cli.RunAsync("compute", "usage")).AssertOk();
            Assert.Matches(@"(?m)^containers\s+0 of \d+\s*$", noneUsed.Out);
        }
        finally
        {
            if (id is { } left)
                await owner.DeleteAsync($"/api/containers/{left}");
        }
    }

    /// <summary>
    /// `edd tokens create --scope containers:read --scope containers:write`: the server takes the new scopes, and a
    /// token with only containers:read lists containers through EDD_TOKEN but is refused a change, with a hint.
    /// </summary>
    [Fact]
    public async Task TokensWithTheContainersScopes_ReadAndWriteAsTheirScopesSay()
    {
        var user = await TestUsers.CreateAsync(fixture.Admin);
        (await _cli.RunWithStdinAsync(user.Password, "login", "--username", user.Username, "--password-stdin")).AssertOk();
        using var owner = await user.SignInAsync(fixture.Silo);
        var container = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("tok"), memoryBytes = 64 * MiB });
        try
        {
            var both = (await _cli.RunAsync("tokens", "create", "ci", "--scope", "containers:read", "--scope", "containers:write")).AssertOk();
            Assert.StartsWith("edd_", both.Out.Trim(), StringComparison.Ordinal);
            Assert.Contains("with containers:read, containers:write", both.Error, StringComparison.Ordinal);
            var read = (await _cli.RunAsync("tokens", "create", "look", "--scope", "containers:read")).AssertOk();

            using var reader = new CliAgainstSiloHarness(fixture.Silo.BaseAddress);
            reader.Environment["EDD_TOKEN"] = read.Out.Trim();
            var listed = (await reader.RunAsync("containers", "ls")).AssertOk();
            Assert.Contains(container.Name, listed.Out, StringComparison.Ordinal);
            var refused = await reader.RunAsync("containers", "stop", container.Name);
            Assert.True(refused.ExitCode != 0, refused.ToString());
            Assert.Contains("containers:write to change", refused.Error, StringComparison.Ordinal);

            using var writer = new CliAgainstSiloHarness(fixture.Silo.BaseAddress);
            writer.Environment["EDD_TOKEN"] = both.Out.Trim();
            var stop = (await writer.RunAsync("containers", "stop", container.Name)).AssertOk();
            Assert.Contains("wanted stopped", stop.Out, StringComparison.Ordinal);
        }
        finally
        {
            await owner.DeleteAsync($"/api/containers/{container.Id}");
        }
    }

    /// <summary>Runs the command until its output satisfies <paramref name="condition"/> (bounded); returns that run.</summary>
    private async Task<CliRun> EventuallyAsync(string[] args, Func<CliRun, bool> condition, string what, TimeSpan? within = null)
    {
        var limit = within ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = (await _cli.RunAsync(args)).AssertOk();
            if (condition(run))
                return run;
            if (clock.Elapsed > limit)
                throw new Xunit.Sdk.XunitException($"never saw {what} within {limit.TotalSeconds} s; last run:\n{run}");
            await Task.Delay(500);
        }
    }

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public void Dispose() => _cli.Dispose();
}
