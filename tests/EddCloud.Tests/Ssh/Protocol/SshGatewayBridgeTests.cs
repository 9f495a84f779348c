using System.Diagnostics;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>
/// The gateway's path end to end: stock ssh/scp → our server → <see cref="EddCloud.Ssh.Protocol.SshChannelBridge"/>
/// → our client → the real sshd. Two hops of our crypto; the bytes, exit codes and refusals must come through unchanged.
/// </summary>
[IntegrationTest]
public sealed class SshGatewayBridgeTests(SshdProcess sshd, ITestOutputHelper output) : IClassFixture<SshdProcess>, IAsyncLifetime
{
    private SshTestServer _gateway = null!;
    private OpenSshClient _client = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _gateway = new SshTestServer(handler: new GatewayBridgeHandler(sshd).HandleAsync);
        _client = new OpenSshClient(_gateway.Port, _gateway.KnownHostsLine);
        var (key, line) = await _client.CreateKeyAsync();
        _key = key;
        _gateway.AllowKey(line, "root");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Exec_ThroughTheBridge_StdoutStderrExitCodeAndStdinPassUnchanged()
    {
        var input = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);

        var result = await _client.SshAsync(_key, "sha256sum; echo err >&2; exit 7", input, user: "root");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), result.StdoutText.Split(' ')[0]);
        Assert.Contains("err\n", result.Stderr);
    }

    [Fact]
    public async Task Scp_FiftyMegabytesUpAndDownThroughTheBridge_SameBytes()
    {
        var local = Path.Combine(_client.Directory, "up.bin");
        var remote = Path.Combine(_client.Directory, "remote.bin");
        var back = Path.Combine(_client.Directory, "back.bin");
        await File.WriteAllBytesAsync(local, RandomNumberGenerator.GetBytes(50 * 1024 * 1024));

        var clock = Stopwatch.StartNew();
        var up = await _client.ScpAsync(_key, local, $"root@127.0.0.1:{remote}");
        var upTime = clock.Elapsed;
        clock.Restart();
        var down = await _client.ScpAsync(_key, $"root@127.0.0.1:{remote}", back);
        var downTime = clock.Elapsed;

        Assert.True(up.ExitCode == 0, "upload: " + up);
        Assert.True(down.ExitCode == 0, "download: " + down);
        var expected = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(local)));
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(back))));
        output.WriteLine($"scp 50 MiB through the bridge: up {upTime.TotalSeconds:0.00} s, down {downTime.TotalSeconds:0.00} s (each including two logins)");
    }

    [Fact]
    public async Task DirectTcpip_RefusedUpstream_RefusalReachesTheUser()
    {
        var result = await _client.SshAsync(_key, "true", extra: ["-W", "127.0.0.1:1"], logLevel: "INFO", user: "root");

        Assert.Equal(255, result.ExitCode);
        Assert.True(result.Stderr.Contains("open failed: connect failed: Connection refused", StringComparison.Ordinal), result.ToString());
    }
}
