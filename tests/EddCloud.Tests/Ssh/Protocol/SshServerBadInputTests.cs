using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>Garbage, stalls and oversized packets end that one connection quickly and leave the server serving others.</summary>
[IntegrationTest]
public sealed class SshServerBadInputTests : IAsyncLifetime
{
    // The handshake timeouts here are 1 s. A dropped connection is seen within this: a loaded machine runs the timers
    // and this test's reads late, and it stays under the defaults (10 and 20 s), so the 1 s settings are still shown.
    private static readonly TimeSpan DroppedWithin = TimeSpan.FromSeconds(8);

    private SshTestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new SshTestServer(o =>
        {
            o.VersionTimeout = TimeSpan.FromSeconds(1);
            o.KeyExchangeTimeout = TimeSpan.FromSeconds(1);
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Garbage_InsteadOfVersionLine_ToldAndDisconnectedAtOnce()
    {
        using var tcp = await ConnectAsync();
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: example\r\n\r\n"));

        var (received, elapsed) = await ReadUntilClosedAsync(tcp);

        var text = Encoding.ASCII.GetString(received);
        Assert.StartsWith("SSH-2.0-EddCloud", text);
        Assert.Contains("Invalid SSH identification string", text);
        Assert.True(elapsed < DroppedWithin, $"closed after {elapsed}");
        await WaitForFailureAsync<SshProtocolException>("GET / HTTP/1.1");
    }

    [Fact]
    public async Task Stall_NoVersionLine_DroppedAfterTheTimeoutWhileAnotherClientLogsIn()
    {
        using var stalled = await ConnectAsync();
        var dropped = ReadUntilClosedAsync(stalled);
        using var client = new OpenSshClient(_server.Port, _server.KnownHostsLine);
        var (key, line) = await client.CreateKeyAsync();
        _server.AllowKey(line);

        var result = await client.SshAsync(key, "echo still serving");
        var (_, elapsed) = await dropped;

        Assert.Equal((0, "still serving\n"), (result.ExitCode, result.StdoutText));
        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), DroppedWithin);
        await WaitForFailureAsync<SshTimeoutException>("no SSH version line within 1 s");
    }

    [Fact]
    public async Task Stall_AfterVersionLine_DroppedAfterTheKeyExchangeTimeout()
    {
        using var tcp = await ConnectAsync();
        await tcp.GetStream().WriteAsync("SSH-2.0-Staller\r\n"u8.ToArray());

        var (_, elapsed) = await ReadUntilClosedAsync(tcp);

        Assert.InRange(elapsed, TimeSpan.FromSeconds(0.9), DroppedWithin);
        await WaitForFailureAsync<SshTimeoutException>("key exchange did not finish");
    }

    [Fact]
    public async Task OversizedPacket_Refused_WithADisconnectNamingTheLimit()
    {
        using var tcp = await ConnectAsync();
        var hello = new byte[17 + 8];
        "SSH-2.0-Attacker\r\n"u8.CopyTo(hello);
        BinaryPrimitives.WriteUInt32BigEndian(hello.AsSpan(18), 0x7fff_fff0);
        await tcp.GetStream().WriteAsync(hello.AsMemory(0, 22));

        var (received, elapsed) = await ReadUntilClosedAsync(tcp);

        // Before any key exchange packets are in clear, so the DISCONNECT text can be read as is.
        Assert.Contains("at most 262144 are allowed", Encoding.ASCII.GetString(received));
        Assert.True(elapsed < DroppedWithin, $"closed after {elapsed}");
        await WaitForFailureAsync<SshProtocolException>("at most 262144");
    }

    [Theory]
    [InlineData(12, 2, "2 bytes of padding")]
    [InlineData(13, 4, "not a multiple of the cipher block size 8")]
    [InlineData(12, 11, "11 bytes of padding in 12")]
    public async Task MalformedPacket_Refused_WithADisconnectSayingWhy(int length, int padding, string expected)
    {
        using var tcp = await ConnectAsync();
        var packet = new byte[4 + length];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)length);
        packet[4] = (byte)padding;
        packet[5] = 20;
        await tcp.GetStream().WriteAsync("SSH-2.0-Attacker\r\n"u8.ToArray());
        await tcp.GetStream().WriteAsync(packet);

        var (received, _) = await ReadUntilClosedAsync(tcp);

        Assert.Contains(expected, Encoding.ASCII.GetString(received));
    }

    [Fact]
    public async Task ManyStalledConnections_DoNotKeepOthersOut()
    {
        var stalled = new List<TcpClient>();
        for (var i = 0; i < 50; i++)
            stalled.Add(await ConnectAsync());
        using var client = new OpenSshClient(_server.Port, _server.KnownHostsLine);
        var (key, line) = await client.CreateKeyAsync();
        _server.AllowKey(line);

        var result = await client.SshAsync(key, "echo in");

        Assert.Equal((0, "in\n"), (result.ExitCode, result.StdoutText));
        var closed = await Task.WhenAll(stalled.Select(ReadUntilClosedAsync));
        Assert.All(closed, c => Assert.True(c.Elapsed < DroppedWithin, $"a stalled connection lived {c.Elapsed}"));
        stalled.ForEach(s => s.Dispose());
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Port);
        return tcp;
    }

    private static async Task<(byte[] Received, TimeSpan Elapsed)> ReadUntilClosedAsync(TcpClient tcp)
    {
        var started = DateTime.UtcNow;
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await tcp.GetStream().ReadAsync(buffer, deadline.Token)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset counts as closed too.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The server kept the connection open for 30 s.");
        }
        return (received.ToArray(), DateTime.UtcNow - started);
    }

    private async Task WaitForFailureAsync<T>(string messagePart) where T : Exception
    {
        // The connection is already closed; the server records why as it winds down, which a busy machine may delay.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_server.Failures.Any(f => f is T && f.Message.Contains(messagePart, StringComparison.Ordinal)))
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"No {typeof(T).Name} mentioning '{messagePart}' was recorded; got: {string.Join(" | ", _server.Failures.Select(f => f.GetType().Name + ": " + f.Message))}");
    }
}
