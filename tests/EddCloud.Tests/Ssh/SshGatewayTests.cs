using System.Net.Http.Json;
using System.Globalization;
using System.Security.Cryptography;
using EddCloud.Tests.Compute;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Storage;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

/// <summary>
/// The edge's SSH gateway with the stock OpenSSH client (ssh, scp, sftp) against real containers under Podman:
/// <c>ssh -p &lt;gateway&gt; &lt;user&gt;.&lt;container&gt;@host</c>, checked against the gateway's persistent host key.
/// </summary>
[IntegrationTest]
public sealed class SshGatewayTests : SshGatewayTestBase
{
    [Fact]
    public async Task Exec_PassesStdoutStderrAndExitCode_ScpAndSftpCarryFilesIntact_AndRefusalsSayWhy()
    {
        var (owner, ownerUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var ownerName = ownerUser.Username;
        var laptop = await SshTestKeys.NewAsync(WorkDirectory, "laptop");
        var other = await SshTestKeys.NewAsync(WorkDirectory, "other");
        var laptopId = await SshTestKeys.AddAsync(owner, laptop);
        await SshTestKeys.AddAsync(owner, other);
        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("gw"), allowedKeys = new[] { laptopId } });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        var login = $"{ownerName}.{running.Name}";

        // The container's sshd may still be applying keys right after it runs.
        (int ExitCode, string Output, string Error) exec = (0, "", "");
        await ApiAssert.EventuallyAsync(async () =>
        {
            exec = await SshAsync(laptop, login, "echo out-$(hostname); echo err >&2; exit 3");
            return exec.ExitCode == 3;
        }, TimeSpan.FromSeconds(30), "exec through the gateway");
        Assert.StartsWith("out-", exec.Output, StringComparison.Ordinal);
        Assert.Equal("err", exec.Error.Split('\n').Last(line => line.Length > 0).Trim());

        // stdin reaches the command and its EOF too (cat ends), several MB of it.
        var input = Convert.ToBase64String(RandomNumberGenerator.GetBytes(3 * 1024 * 1024));
        var piped = await ExternalTool.RunAsync("ssh", [.. SshOptions(laptop), $"{login}@127.0.0.1", "sha256sum"], TimeSpan.FromSeconds(60), standardInput: input);
        Assert.True(piped.ExitCode == 0, $"exit {piped.ExitCode}: {piped.Error}");
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(input))), piped.Output, StringComparison.Ordinal);

        // scp both ways (scp uses the sftp subsystem) and sftp.
        // 100 MB each way, checked by SHA-256 on both ends; re-keying happens on the way only past 1 GiB.
        var upload = Path.Combine(WorkDirectory, "upload.bin");
        await File.WriteAllBytesAsync(upload, RandomNumberGenerator.GetBytes(100 * 1024 * 1024));
        var uploadHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(upload)));
        var scpUp = await ExternalTool.RunAsync("scp", [.. ScpOptions(laptop), upload, $"{login}@127.0.0.1:/data/upload.bin"], TimeSpan.FromSeconds(120));
        Assert.True(scpUp.ExitCode == 0, scpUp.Error);
        Assert.StartsWith(uploadHash, (await SshAsync(laptop, login, "sha256sum < /data/upload.bin")).Output, StringComparison.Ordinal);
        var download = Path.Combine(WorkDirectory, "download.bin");
        var scpDown = await ExternalTool.RunAsync("scp", [.. ScpOptions(laptop), $"{login}@127.0.0.1:/data/upload.bin", download], TimeSpan.FromSeconds(120));
        Assert.True(scpDown.ExitCode == 0, scpDown.Error);
        Assert.Equal(uploadHash, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(download))));
        var small = Path.Combine(WorkDirectory, "small.bin");
        await File.WriteAllBytesAsync(small, RandomNumberGenerator.GetBytes(2 * 1024 * 1024));
        var batch = Path.Combine(WorkDirectory, "sftp-batch");
        await File.WriteAllTextAsync(batch, "mkdir /data/sftp\nput " + small + " /data/sftp/copy.bin\nls -l /data/sftp\n");
        var sftp = await ExternalTool.RunAsync("sftp", ["-b", batch, .. ScpOptions(laptop), $"{login}@127.0.0.1"], TimeSpan.FromSeconds(120));
        Assert.True(sftp.ExitCode == 0, sftp.Error);
        Assert.Contains("copy.bin", sftp.Output, StringComparison.Ordinal);
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(small))),
            (await SshAsync(laptop, login, "sha256sum < /data/sftp/copy.bin")).Output, StringComparison.Ordinal);

        // A key the owner did not allow, and a container that is not there, are refused with a message.
        var refused = await SshAsync(other, login, "true");
        Assert.Equal(255, refused.ExitCode);
        Assert.Contains("may not log in", refused.Error, StringComparison.Ordinal);
        var unknown = await SshAsync(laptop, $"{ownerName}.no-such-container", "true");
        Assert.Equal(255, unknown.ExitCode);

        // A stopped container is reported as stopped.
        await ComputeApi.ActAsync(owner, running.Id, "stop", new { timeoutSeconds = 2 });
        await ComputeApi.WaitAsync(owner, running.Id, c => c.Status == "stopped", "stopped");
        await ApiAssert.EventuallyAsync(async () =>
        {
            var stopped = await SshAsync(laptop, login, "true");
            return stopped.ExitCode == 255 && stopped.Error.Contains("is stopped", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "the gateway says the container is stopped");
    }

    [Fact]
    public async Task TheGatewaysHostKey_IsPublishedToSignedInUsers_AsTheKeySshMeetsOnFirstConnecting()
    {
        var (user, _) = await StorageApi.NewUserAsync(Silo, Admin);
        var hostKey = (await File.ReadAllTextAsync(Path.Combine(Edge.DataDirectory, "edge", "ssh", "host_ed25519.pub"))).Trim();
        IReadOnlyList<string> published = [];
        await ApiAssert.EventuallyAsync(async () =>
        {
            published = (await user.GetFromJsonAsync<GatewayBody>("/api/ssh/gateway", StorageApi.Json))!.HostKeys;
            return published.Count > 0;
        }, TimeSpan.FromSeconds(30), "the edge reports its host key");
        Assert.Equal(hostKey, Assert.Single(published));

        // What ssh itself records for the gateway is that key.
        var scanned = await ExternalTool.RunAsync("ssh-keyscan", ["-t", "ed25519", "-p", Edge.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1"], TimeSpan.FromSeconds(30));
        Assert.Contains(hostKey, scanned.Output, StringComparison.Ordinal);

        using var anonymous = Silo.CreateClient();
        using var refused = await anonymous.GetAsync("/api/ssh/gateway");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private sealed record GatewayBody(IReadOnlyList<string> HostKeys);

    [Fact]
    public async Task AnotherUsersContainer_IsRefused_EvenWithAKeyTheyAllowedForThemselves()
    {
        var (alice, aliceUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var (_, bobUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var (aliceName, bobName) = (aliceUser.Username, bobUser.Username);
        var key = await SshTestKeys.NewAsync(WorkDirectory, "alice");
        var keyId = await SshTestKeys.AddAsync(alice, key);
        var created = await ComputeApi.CreateAsync(alice, new { name = ComputeApi.NewName("mine"), allowedKeys = new[] { keyId } });
        var running = await ComputeApi.WaitRunningAsync(alice, created.Id);
        await ApiAssert.EventuallyAsync(async () => (await SshAsync(key, $"{aliceName}.{running.Name}", "true")).ExitCode == 0,
            TimeSpan.FromSeconds(30), "alice logs in to her own container");

        // Bob's name in front of Alice's container: no such container for Bob, and Alice's key is no key of Bob's.
        var crossed = await SshAsync(key, $"{bobName}.{running.Name}", "true");
        Assert.Equal(255, crossed.ExitCode);
        Assert.Contains("may not log in", crossed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenParallelSessions_AndLocalPortForwarding_WorkThroughTheGateway()
    {
        var (owner, ownerUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var key = await SshTestKeys.NewAsync(WorkDirectory, "parallel");
        var keyId = await SshTestKeys.AddAsync(owner, key);
        // A web server inside the container on a port it does not publish: only ssh -L reaches it.
        var created = await ComputeApi.CreateAsync(owner, new
        {
            name = ComputeApi.NewName("fwd"),
            allowedKeys = new[] { keyId },
            command = new[] { "perl", "-e", Routing.EdgeIngressTests.AppServer },
        });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        var login = $"{ownerUser.Username}.{running.Name}";
        await ApiAssert.EventuallyAsync(async () => (await SshAsync(key, login, "true")).ExitCode == 0, TimeSpan.FromSeconds(30), "ssh through the gateway");

        var sessions = await Task.WhenAll(Enumerable.Range(1, 10).Select(index => SshAsync(key, login, $"sleep 1; echo session-{index}")));
        Assert.All(sessions.Select((result, index) => (result, index)), pair =>
        {
            Assert.True(pair.result.ExitCode == 0, pair.result.Error);
            Assert.Equal($"session-{pair.index + 1}", pair.result.Output);
        });

        var local = TestPorts.Next();
        using var forward = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ssh",
            [.. SshOptions(key), "-N", "-o", "ExitOnForwardFailure=yes", "-L", $"127.0.0.1:{local}:127.0.0.1:8080", $"{login}@127.0.0.1"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await ApiAssert.EventuallyAsync(async () =>
            {
                try
                {
                    return await http.GetStringAsync($"http://127.0.0.1:{local}/through-the-tunnel") == "hello from /through-the-tunnel";
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), "the container's web server through ssh -L");
        }
        finally
        {
            forward.Kill(entireProcessTree: true);
        }
    }
}
