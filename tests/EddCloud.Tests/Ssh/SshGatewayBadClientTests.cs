using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using EddCloud.Tests.Compute;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.Storage;

namespace EddCloud.Tests.Ssh;

/// <summary>
/// Clients that misbehave on the gateway's port (silent, stalled half-way through the handshake, garbage, too many
/// from one address) while a user logs in with the stock ssh client beside them. Bad clients connect from other
/// loopback addresses (127.0.0.3 and up), as they would come from other hosts.
/// </summary>
[IntegrationTest]
public sealed class SshGatewayBadClientTests : SshGatewayTestBase
{
    // The gateway's handshake timeouts, set apart from the defaults (10, 20 and 30 s) to show they are settings: the
    // version line, the first key exchange, then the login. The first two are longer than the defaults, so a bad
    // client still connected past the default proves the setting, and a user's login on a loaded 2-core machine
    // (seconds at worst; about 0.3 s idle) fits well inside them.
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan KeyExchangeTimeout = TimeSpan.FromSeconds(24);
    private static readonly TimeSpan AuthenticationTimeout = TimeSpan.FromSeconds(8);

    // How late past its timeout a connection may be seen closed: timers and the test's own reads run late on a loaded
    // machine; a connection the gateway never closes shows up as 60 s (ClosedAfterAsync's limit).
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(15);

    protected override IDictionary<string, string> EdgeSettings => new Dictionary<string, string>
    {
        ["EDD_EDGE__SSH_VERSION_TIMEOUT"] = VersionTimeout.ToString(),
        ["EDD_EDGE__SSH_KEY_EXCHANGE_TIMEOUT"] = KeyExchangeTimeout.ToString(),
        ["EDD_EDGE__SSH_AUTHENTICATION_TIMEOUT"] = AuthenticationTimeout.ToString(),
    };

    [Fact]
    public async Task SilentStalledAndGarbageClients_DoNotSlowAUsersLogin_AndAreDisconnectedByTheHandshakeTimeouts()
    {
        var (key, login) = await RunningContainerAsync();
        var clock = Stopwatch.StartNew();
        using var silent = await ConnectFromAsync("127.0.0.3");
        using var stalled = await ConnectFromAsync("127.0.0.4");
        await stalled.SendAsync(Encoding.ASCII.GetBytes("SSH-2.0-Stalled_1.0\r\n"));
        await stalled.SendAsync(KexInitPacket());
        using var garbage = await ConnectFromAsync("127.0.0.5");
        await garbage.SendAsync(RandomNumberGenerator.GetBytes(4096));
        var silentClosed = ClosedAfterAsync(silent, clock);
        var stalledClosed = ClosedAfterAsync(stalled, clock);
        var garbageClosed = ClosedAfterAsync(garbage, clock);

        var user = Stopwatch.StartNew();
        var exec = await SshAsync(key, login, "echo still-$((40+2))");
        user.Stop();
        Assert.True(exec.ExitCode == 0, exec.Error);
        Assert.Equal("still-42", exec.Output);
        // A gateway that made the user wait behind the bad clients would finish this login only once they were
        // dropped (the version timeout at the earliest): the login must end while both are still connected.
        Assert.True(user.Elapsed < VersionTimeout, $"the user's ssh took {user.Elapsed.TotalSeconds:0.0} s beside the bad clients, as long as the version timeout");
        Assert.False(silentClosed.IsCompleted || stalledClosed.IsCompleted, "the silent and stalled clients were still connected while the user logged in");

        // Garbage is refused at once, long before the version timeout; the silent and stalled clients when their
        // step's time is up, not before (and not at the defaults, 10 and 20 s).
        var garbageAfter = await garbageClosed;
        Assert.True(garbageAfter < VersionTimeout / 2, $"garbage closed after {garbageAfter.TotalSeconds:0.0} s, not at once (version timeout {VersionTimeout.TotalSeconds:0} s)");
        var silentAfter = await silentClosed;
        Assert.InRange(silentAfter, VersionTimeout - TimeSpan.FromSeconds(1), VersionTimeout + Lateness);
        var stalledAfter = await stalledClosed;
        Assert.InRange(stalledAfter, KeyExchangeTimeout - TimeSpan.FromSeconds(1), KeyExchangeTimeout + Lateness);
    }

    [Fact]
    public async Task ConnectionsBeyondThePerAddressLimit_AreRefused_WhileOtherAddressesLogIn()
    {
        var (key, login) = await RunningContainerAsync();

        // 45 connections at once from one address: the gateway takes a burst of 30 (then 10 a second) and closes
        // the rest before saying anything; those it took greet with its version line.
        var burst = Stopwatch.StartNew();
        var sockets = await Task.WhenAll(Enumerable.Range(0, 45).Select(_ => ConnectFromAsync("127.0.0.6")));
        try
        {
            var greetings = await Task.WhenAll(sockets.Select(FirstBytesAsync));
            burst.Stop();
            var greeted = greetings.Count(text => text.StartsWith("SSH-2.0-", StringComparison.Ordinal));
            var refused = greetings.Count(text => text.Length == 0);
            Assert.Equal(45, greeted + refused);
            // The gateway decided on every connection within the burst's measured time, and its bucket (full at the
            // first connection) gains 10 a second: one refill at most while the burst takes under a second (40, as
            // when the machine keeps up), one more per further second a loaded machine spreads it over. A gateway
            // without the limit greets all 45.
            var mostAllowed = 30 + 10 * (int)Math.Ceiling(Math.Max(burst.Elapsed.TotalSeconds, 0.001));
            Assert.True(greeted >= 30 && greeted <= mostAllowed,
                $"{greeted} of 45 connections greeted in a burst of {burst.Elapsed.TotalSeconds:0.00} s; expected 30 to {mostAllowed}");

            // Meanwhile a user from another address logs in as usual.
            var exec = await SshAsync(key, login, "echo other-address");
            Assert.True(exec.ExitCode == 0, exec.Error);
            Assert.Equal("other-address", exec.Output);
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }

    [Fact]
    public async Task AClientStillAtItsPassphrasePromptPastTheLoginTimeout_IsDisconnected()
    {
        // The stock client with a passphrase-protected key: after the gateway accepts the public key, ssh asks for
        // the passphrase (through SSH_ASKPASS here) before it can sign. Answered at once it logs in; answered after
        // the login timeout the gateway has already hung up.
        var locked = await SshTestKeys.NewAsync(WorkDirectory, "locked", passphrase: "pass-phrase-1");
        var (_, login) = await RunningContainerAsync(locked);
        var askpass = Path.Combine(WorkDirectory, "askpass.sh");
        await File.WriteAllTextAsync(askpass, "#!/bin/sh\nsleep \"$EDD_TEST_ASKPASS_DELAY\"\necho pass-phrase-1\n");
        Assert.Equal(0, (await ExternalTool.RunAsync("chmod", ["0500", askpass], TimeSpan.FromSeconds(10))).ExitCode);

        Task<(int ExitCode, string Output, string Error)> SshWithPassphraseAsync(TimeSpan delay) => ExternalTool.RunAsync("env",
            [$"EDD_TEST_ASKPASS_DELAY={delay.TotalSeconds:0}", $"SSH_ASKPASS={askpass}", "SSH_ASKPASS_REQUIRE=force", "DISPLAY=:0",
             "ssh", .. SshOptions(locked).Select(option => option == "BatchMode=yes" ? "BatchMode=no" : option), $"{login}@127.0.0.1", "echo unlocked"],
            TimeSpan.FromSeconds(60));

        var prompt = await SshWithPassphraseAsync(TimeSpan.Zero);
        Assert.True(prompt.ExitCode == 0, prompt.Error);
        Assert.Equal("unlocked", prompt.Output);

        var clock = Stopwatch.StartNew();
        var late = await SshWithPassphraseAsync(AuthenticationTimeout + TimeSpan.FromSeconds(4));
        Assert.NotEqual(0, late.ExitCode);
        Assert.DoesNotContain("unlocked", late.Output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= AuthenticationTimeout + TimeSpan.FromSeconds(4), $"ssh gave up after {clock.Elapsed.TotalSeconds:0.0} s, before its passphrase came");
        // The stock client prints the gateway's reason: "Received disconnect from ...: Authentication timed out after 8 s; ...".
        Assert.Contains($"Authentication timed out after {AuthenticationTimeout.TotalSeconds:0} s", late.Error, StringComparison.Ordinal);
    }

    private async Task<(SshTestKey Key, string Login)> RunningContainerAsync(SshTestKey? alsoAllowed = null)
    {
        var (owner, ownerUser) = await StorageApi.NewUserAsync(Silo, Admin);
        var key = await SshTestKeys.NewAsync(WorkDirectory, "user");
        var keyIds = new List<Guid> { await SshTestKeys.AddAsync(owner, key) };
        if (alsoAllowed is not null)
            keyIds.Add(await SshTestKeys.AddAsync(owner, alsoAllowed));
        var created = await ComputeApi.CreateAsync(owner, new { name = ComputeApi.NewName("bad"), allowedKeys = keyIds });
        var running = await ComputeApi.WaitRunningAsync(owner, created.Id);
        var login = $"{ownerUser.Username}.{running.Name}";
        await WaitForLoginAsync(key, login);
        return (key, login);
    }

    private async Task<Socket> ConnectFromAsync(string source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Edge.SshPort), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>When the gateway closed the connection (reading and dropping what it sends), on <paramref name="clock"/>.</summary>
    private static async Task<TimeSpan> ClosedAfterAsync(Socket socket, Stopwatch clock)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }

        return clock.Elapsed;
    }

    /// <summary>What the gateway sends first, up to the end of its first line; empty when it closes without a word.</summary>
    private static async Task<string> FirstBytesAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (!received.Contains((byte)'\n'))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
                if (read == 0)
                    break;
                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException)
        {
            // Reset before a word: refused.
        }

        return Encoding.ASCII.GetString([.. received]);
    }

    /// <summary>A client's first KEXINIT that the gateway accepts (algorithms it supports), unencrypted as the first packet is.</summary>
    private static byte[] KexInitPacket()
    {
        var payload = new List<byte> { 20 };
        payload.AddRange(RandomNumberGenerator.GetBytes(16));
        foreach (var list in new[]
                 {
                     "curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr", "hmac-sha2-256-etm@openssh.com",
                     "hmac-sha2-256-etm@openssh.com", "none", "none", "", "",
                 })
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)list.Length);
            payload.AddRange(length);
            payload.AddRange(Encoding.ASCII.GetBytes(list));
        }

        payload.AddRange(new byte[5]); // first_kex_packet_follows = false, reserved = 0
        var padding = 8 - ((5 + payload.Count) % 8);
        if (padding < 4)
            padding += 8;
        var packet = new byte[5 + payload.Count + padding];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packet.Length - 4));
        packet[4] = (byte)padding;
        payload.CopyTo(packet, 5);
        return packet;
    }
}
