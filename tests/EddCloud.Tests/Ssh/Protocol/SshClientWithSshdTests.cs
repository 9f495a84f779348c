using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Our client against the real OpenSSH sshd with its defaults: commands, data both ways, pty, refusals.</summary>
[IntegrationTest]
public sealed class SshClientWithSshdTests(SshdProcess sshd) : IClassFixture<SshdProcess>
{
    [Fact]
    public async Task Exec_CommandWritesBothStreamsAndFails_StdoutStderrAndExitStatusArrive()
    {
        await using var connection = await sshd.ConnectAsync();
        await using var channel = await connection.OpenSessionAsync();

        Assert.True(await channel.ExecAsync("echo out; echo err >&2; exit 3"));
        var output = await ChannelOutput.ReadToEndAsync(channel);

        Assert.Equal(("out\n", "err\n", (uint?)3, true), (output.StdoutText, output.Stderr, output.ExitStatus, output.SawEof));
    }

    [Fact]
    public async Task Exec_MegabytesBothWaysAtOnceThroughServerRekeys_EveryByteBack()
    {
        var input = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        await using var connection = await sshd.ConnectAsync();
        await using var channel = await connection.OpenSessionAsync();
        Assert.True(await channel.ExecAsync("cat"));

        var send = Task.Run(async () =>
        {
            for (var offset = 0; offset < input.Length; offset += 100_000)
                await channel.SendDataAsync(input.AsMemory(offset, Math.Min(100_000, input.Length - offset)));
            await channel.SendEofAsync();
        });
        var output = await ChannelOutput.ReadToEndAsync(channel);
        await send;

        Assert.Equal((uint?)0, output.ExitStatus);
        Assert.True(input.AsSpan().SequenceEqual(output.Stdout), $"{output.Stdout.Length} of {input.Length} bytes came back, or different ones");
    }

    [Fact]
    public async Task Rekey_WeStartOneMidTransfer_DataArrivesIntact()
    {
        var input = RandomNumberGenerator.GetBytes(6 * 1024 * 1024);
        await using var connection = await sshd.ConnectAsync(configure: o => o.RekeyAfterBytes = 1024 * 1024);
        await using var channel = await connection.OpenSessionAsync();
        Assert.True(await channel.ExecAsync("sha256sum"));

        await channel.SendDataAsync(input.AsMemory(0, 3 * 1024 * 1024));
        connection.Rekey();
        await channel.SendDataAsync(input.AsMemory(3 * 1024 * 1024));
        await channel.SendEofAsync();
        var output = await ChannelOutput.ReadToEndAsync(channel);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), output.StdoutText.Split(' ')[0]);
    }

    [Fact]
    public async Task Sessions_FourAtOnceOnOneConnection_EachGetsItsOwnOutput()
    {
        await using var connection = await sshd.ConnectAsync();

        var runs = Enumerable.Range(0, 4).Select(async i =>
        {
            await using var channel = await connection.OpenSessionAsync();
            Assert.True(await channel.ExecAsync($"sleep 0.3; head -c {100_000 * (i + 1)} /dev/zero | wc -c"));
            return await ChannelOutput.ReadToEndAsync(channel);
        }).ToArray();
        var outputs = await Task.WhenAll(runs);

        for (var i = 0; i < outputs.Length; i++)
            Assert.Equal($"{100_000 * (i + 1)}", outputs[i].StdoutText.Trim());
    }

    [Fact]
    public async Task Shell_WithPty_RunsTypedCommands()
    {
        await using var connection = await sshd.ConnectAsync();
        await using var channel = await connection.OpenSessionAsync();

        Assert.True(await channel.RequestPtyAsync("xterm", 80, 24));
        Assert.True(await channel.RequestShellAsync());
        await channel.SendDataAsync(Encoding.ASCII.GetBytes("echo h''i-from-pty; exit\n"));
        var output = await ChannelOutput.ReadToEndAsync(channel);

        Assert.Contains("hi-from-pty", output.StdoutText);
        Assert.Equal((uint?)0, output.ExitStatus);
    }

    [Fact]
    public async Task DirectTcpip_ToAnEchoServer_EchoedBack()
    {
        using var echo = new EchoServer();
        await using var connection = await sshd.ConnectAsync();
        await using var channel = await connection.OpenDirectTcpipAsync("127.0.0.1", echo.Port, "127.0.0.1", 5555);

        await channel.SendDataAsync(Encoding.ASCII.GetBytes("ping through sshd"));
        await channel.SendEofAsync();
        var output = await ChannelOutput.ReadToEndAsync(channel);

        Assert.Equal("ping through sshd", output.StdoutText);
    }

    [Fact]
    public async Task DirectTcpip_ToAClosedPort_RefusedWithConnectFailed()
    {
        await using var connection = await sshd.ConnectAsync();

        var error = await Assert.ThrowsAsync<SshChannelOpenException>(() => connection.OpenDirectTcpipAsync("127.0.0.1", 1, "127.0.0.1", 5555));

        Assert.Equal(SshChannelOpenFailureReason.ConnectFailed, error.FailureReason);
    }

    [Fact]
    public async Task HostKey_NotTheExpectedOne_RefusedNamingTheFingerprint()
    {
        using var other = SshEd25519Key.Generate();

        var error = await Assert.ThrowsAsync<SshHostKeyMismatchException>(() => sshd.ConnectAsync(hostKeyLine: other.PublicKeyLine));

        Assert.Contains("is not one of the expected keys", error.Message);
        Assert.Contains(SshPublicKey.Parse(sshd.HostKeyLine).Fingerprint, error.Message);
    }

    [Theory]
    [InlineData("ecdsa", "ecdsa-sha2-nistp256")]
    [InlineData("rsa", "rsa-sha2-512")]
    [InlineData("ed25519", "ssh-ed25519")]
    public async Task HostKey_OfEachType_VerifiedAndUsed(string type, string expectedAlgorithm)
    {
        await using var connection = await sshd.ConnectAsync(hostKeyLine: sshd.HostKeyLines[type]);
        await using var channel = await connection.OpenSessionAsync();

        Assert.True(await channel.ExecAsync("echo verified"));

        Assert.Equal("verified\n", (await ChannelOutput.ReadToEndAsync(channel)).StdoutText);
        Assert.Equal(expectedAlgorithm, connection.HostKeyAlgorithm);
    }

    [Fact]
    public async Task SlowChannel_NobodyReadsIt_OtherChannelsOnTheConnectionStillFlow()
    {
        await using var connection = await sshd.ConnectAsync();
        await using var stuck = await connection.OpenSessionAsync();
        Assert.True(await stuck.ExecAsync("head -c 20000000 /dev/zero"));
        await Task.Delay(500);

        await using var other = await connection.OpenSessionAsync();
        Assert.True(await other.ExecAsync("echo not blocked"));
        var output = await ChannelOutput.ReadToEndAsync(other, TimeSpan.FromSeconds(60));

        Assert.Equal("not blocked\n", output.StdoutText);
        var stuckOutput = await ChannelOutput.ReadToEndAsync(stuck);
        Assert.Equal(20_000_000, stuckOutput.Stdout.Length);
    }

    [Fact]
    public async Task UserKey_NotAuthorized_RefusedWithAClearError()
    {
        using var stranger = SshEd25519Key.Generate();

        var error = await Assert.ThrowsAsync<SshAuthenticationException>(() => sshd.ConnectAsync(userKey: stranger));

        Assert.Contains("refused user 'root'", error.Message);
        Assert.Contains(stranger.PublicKeyLine, error.Message);
    }

    [Fact]
    public async Task Connection_ServerGoesAway_OpenChannelEndsWithClosed()
    {
        await using var connection = await sshd.ConnectAsync();
        await using var channel = await connection.OpenSessionAsync();
        Assert.True(await channel.ExecAsync("sleep 0.2; kill -9 $PPID"));

        var output = await ChannelOutput.ReadToEndAsync(channel);

        Assert.Null(output.ExitStatus);
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task Connect_GatewayKeyFromContainerSeed_LogsIn()
    {
        var seed = sshd.UserKey.ExportSeed();
        using var fromSeed = SshEd25519Key.FromSeed(seed);
        await using var connection = await sshd.ConnectAsync(userKey: fromSeed);
        await using var channel = await connection.OpenSessionAsync();

        Assert.True(await channel.ExecAsync("whoami"));

        Assert.Equal("root\n", (await ChannelOutput.ReadToEndAsync(channel)).StdoutText);
    }

    [Fact]
    public async Task Connect_ServerNeverAnswers_TimesOut()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, Hosting.TestPorts.Next());
        listener.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<SshTimeoutException>(() => SshClientConnection.ConnectAsync(tcp.GetStream(), new SshClientOptions
        {
            Username = "root",
            UserKey = sshd.UserKey,
            HostKeys = [sshd.HostKeyLine],
            VersionTimeout = TimeSpan.FromSeconds(1),
        }));

        // The 1 s setting, not the 10 s default; the upper bound leaves a loaded machine's timers room to run late.
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
    }
}
