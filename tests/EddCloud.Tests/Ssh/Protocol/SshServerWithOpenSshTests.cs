using System.Security.Cryptography;
using System.Text;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Our server, driven by the stock OpenSSH client with its defaults: commands, stdin, keys, refusals.</summary>
[IntegrationTest]
public sealed class SshServerWithOpenSshTests : OpenSshAgainstTestServer
{
    [Fact]
    public async Task Exec_CommandWritesBothStreamsAndFails_ClientGetsStdoutStderrAndExitCode()
    {
        var result = await Client.SshAsync(Key, "echo out; echo err >&2; exit 3");

        Assert.Equal((3, "out\n", "err\n"), (result.ExitCode, result.StdoutText, result.Stderr));
    }

    [Fact]
    public async Task Exec_SeveralMegabytesOnStdin_CommandReadsAllUntilEof()
    {
        var input = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);

        var result = await Client.SshAsync(Key, "sha256sum", input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), result.StdoutText.Split(' ')[0]);
    }

    [Fact]
    public async Task Exec_EightSessionsAtOnce_EachGetsItsOwnOutput()
    {
        var runs = Enumerable.Range(0, 8).Select(i => Client.SshAsync(Key, $"sleep 0.2; echo session {i}")).ToArray();

        var results = await Task.WhenAll(runs);

        for (var i = 0; i < runs.Length; i++)
            Assert.True((0, $"session {i}\n") == (results[i].ExitCode, results[i].StdoutText), $"session {i}: {results[i]}");
    }

    [Theory]
    [InlineData("ecdsa", 256)]
    [InlineData("rsa", 3072)]
    [InlineData("ed25519", 0)]
    public async Task Login_EachUserKeyType_Accepted(string type, int bits)
    {
        var (key, line) = await Client.CreateKeyAsync(type, bits, "k" + type);
        Server.AllowKey(line, "bob");

        var result = await Client.SshAsync(key, "echo logged in as $USER-ignored", user: "bob");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("logged in", result.StdoutText);
    }

    [Fact]
    public async Task Login_KeyThePolicyRefuses_Exit255WithTheBannerOnStderr()
    {
        var (stranger, _) = await Client.CreateKeyAsync(name: "stranger");

        var result = await Client.SshAsync(stranger, "echo should not run", logLevel: "INFO");

        Assert.Equal(255, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("may not log in as alice", result.Stderr);
        Assert.Contains("Permission denied (publickey)", result.Stderr);
    }

    [Fact]
    public async Task Login_PolicyDisconnects_ClientShowsTheMessage()
    {
        await using var server = new SshTestServer(o => o.Authenticate = (_, _) =>
            ValueTask.FromResult(SshAuthDecision.Disconnect("container web is stopped; start it with: edd start web")));
        using var client = new OpenSshClient(server.Port, server.KnownHostsLine);

        var result = await client.SshAsync(Key, "true", logLevel: "INFO");

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("container web is stopped; start it with: edd start web", result.Stderr);
    }

    [Theory]
    [InlineData("aes256-gcm@openssh.com", null)]
    [InlineData("aes128-gcm@openssh.com", null)]
    [InlineData("aes128-ctr", "hmac-sha2-256-etm@openssh.com")]
    [InlineData("aes256-ctr", "hmac-sha2-512-etm@openssh.com")]
    public async Task Cipher_ForcedByTheClient_DataArrivesIntact(string cipher, string? mac)
    {
        var input = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        string[] extra = mac is null ? ["-c", cipher] : ["-c", cipher, "-m", mac];

        var result = await Client.SshAsync(Key, "cat", input, extra);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(cipher, Server.Connections.Last().CipherAlgorithm);
        Assert.True(input.AsSpan().SequenceEqual(result.Stdout), $"{cipher}: {result.Stdout.Length} of {input.Length} bytes came back, or different ones");
    }

    [Fact]
    public async Task Kex_StockClientDefaults_Curve25519StrictKexAndTheClientsFirstCipher()
    {
        await using var server = new SshTestServer();
        using var client = new OpenSshClient(server.Port, server.KnownHostsLine);
        var (key, line) = await client.CreateKeyAsync();
        server.AllowKey(line);

        var result = await client.SshAsync(key, "true");

        Assert.True(result.ExitCode == 0, result.ToString());
        var connection = Assert.Single(server.Connections);
        // OpenSSH 9.2 lists chacha20-poly1305 (not offered here), then aes128-ctr; umac is not offered, so hmac-sha2-256-etm.
        Assert.Equal(("curve25519-sha256", true, "aes128-ctr", "hmac-sha2-256-etm@openssh.com"),
            (connection.KeyExchangeAlgorithm, connection.IsStrictKeyExchange, connection.CipherAlgorithm, connection.MacAlgorithm));
    }

    [Fact]
    public async Task Kex_LibsshAliasForced_Works()
    {
        var result = await Client.SshAsync(Key, "echo ok", extra: ["-o", "KexAlgorithms=curve25519-sha256@libssh.org"]);

        Assert.Equal((0, "ok\n"), (result.ExitCode, result.StdoutText));
    }

    [Fact]
    public async Task Rekey_ServerStartsOneEveryMegabyte_DataArrivesIntact()
    {
        await using var server = new SshTestServer(o => o.RekeyAfterBytes = 1024 * 1024);
        using var client = new OpenSshClient(server.Port, server.KnownHostsLine);
        var (key, line) = await client.CreateKeyAsync();
        server.AllowKey(line);
        var input = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);

        var result = await client.SshAsync(key, "cat", input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(input.AsSpan().SequenceEqual(result.Stdout), $"{result.Stdout.Length} of {input.Length} bytes came back, or different ones");
    }

    [Fact]
    public async Task Login_SevenRefusedKeys_DisconnectedAfterSixAttempts()
    {
        var keys = new List<string>();
        for (var i = 0; i < 7; i++)
            keys.Add((await Client.CreateKeyAsync(name: "refused" + i)).Path);
        string[] extra = [.. keys.Skip(1).SelectMany(k => new[] { "-i", k })];

        var result = await Client.SshAsync(keys[0], "true", extra: extra, logLevel: "INFO");

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Too many authentication failures", result.Stderr);
    }

    [Fact]
    public async Task Keepalive_ClientProbesEverySecond_SessionSurvives()
    {
        var result = await Client.SshAsync(Key, "sleep 3; echo alive", extra: ["-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2"]);

        Assert.Equal((0, "alive\n"), (result.ExitCode, result.StdoutText));
    }

    [Fact]
    public async Task Rekey_ClientRekeysEveryMegabyteDuringTransfer_DataArrivesIntact()
    {
        var input = RandomNumberGenerator.GetBytes(24 * 1024 * 1024);

        var result = await Client.SshAsync(Key, "sha256sum; echo done >&2", input, ["-o", "RekeyLimit=1M"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), result.StdoutText.Split(' ')[0]);
    }

    [Fact]
    public async Task LocalForward_TcpThroughTheTunnel_EchoedBack()
    {
        using var echo = new EchoServer();
        var localPort = Hosting.TestPorts.Next();
        var info = new System.Diagnostics.ProcessStartInfo("ssh") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in Client.Options(Key, "ERROR", "-o", "ExitOnForwardFailure=yes", "-N", "-p", Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-L", $"127.0.0.1:{localPort}:127.0.0.1:{echo.Port}", "alice@127.0.0.1"))
            info.ArgumentList.Add(arg);
        using var forward = System.Diagnostics.Process.Start(info)!;
        try
        {
            using var tcp = await ConnectWithRetryAsync(localPort, forward);
            var stream = tcp.GetStream();
            var message = Encoding.ASCII.GetBytes("through the tunnel\n");
            await stream.WriteAsync(message);
            tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            var back = new MemoryStream();
            await stream.CopyToAsync(back).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("through the tunnel\n", Encoding.ASCII.GetString(back.ToArray()));
        }
        finally
        {
            forward.Kill();
            await forward.WaitForExitAsync();
        }
    }

    private static async Task<System.Net.Sockets.TcpClient> ConnectWithRetryAsync(int port, System.Diagnostics.Process forward)
    {
        // ssh -L listens once it has logged in, which a loaded machine may take seconds to do.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (forward.HasExited)
                Assert.Fail($"ssh -L ended before forwarding (exit {forward.ExitCode}): {await forward.StandardError.ReadToEndAsync()}");
            var tcp = new System.Net.Sockets.TcpClient();
            try
            {
                await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return tcp;
            }
            catch (System.Net.Sockets.SocketException)
            {
                tcp.Dispose();
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"ssh -L did not listen on port {port} within 60 s.");
    }
}
