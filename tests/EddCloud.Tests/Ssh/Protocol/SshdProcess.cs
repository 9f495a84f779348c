using System.Diagnostics;
using System.Net.Sockets;
using EddCloud.Ssh.Protocol;
using EddCloud.Tests.Hosting;

namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>
/// A real OpenSSH sshd on 127.0.0.1 in the foreground (-D -e) with a temp host key and config; it trusts
/// <see cref="UserKey"/> for root. It re-keys every 4 MiB, so transfers also cover re-keys the server starts.
/// </summary>
public sealed class SshdProcess : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edd-sshd-").FullName;
    private Process? _sshd;

    public int Port { get; } = TestPorts.Next();

    /// <summary>sshd's RekeyLimit setting ("default none" is OpenSSH's own default).</summary>
    public string RekeyLimit { get; init; } = "4M";

    public SshEd25519Key UserKey { get; } = SshEd25519Key.Generate();

    /// <summary>sshd's host key line ("ssh-ed25519 AAAA...").</summary>
    public string HostKeyLine { get; private set; } = "";

    /// <summary>sshd's host key lines by ssh-keygen type: "ed25519", "ecdsa", "rsa".</summary>
    public Dictionary<string, string> HostKeyLines { get; } = [];

    public async Task InitializeAsync()
    {
        var hostKeys = new List<string>();
        foreach (var type in new[] { "ed25519", "ecdsa", "rsa" })
        {
            var path = Path.Combine(_dir, "host_" + type);
            var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", type, "-N", "", "-f", path]);
            Assert.True(keygen.ExitCode == 0, keygen.ToString());
            HostKeyLines[type] = string.Join(' ', File.ReadAllText(path + ".pub").Split(' ').Take(2));
            hostKeys.Add("HostKey " + path);
        }
        HostKeyLine = HostKeyLines["ed25519"];
        var authorized = Path.Combine(_dir, "authorized_keys");
        await File.WriteAllTextAsync(authorized, UserKey.PublicKeyLine + "\n");
        var config = Path.Combine(_dir, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            {string.Join("\n", hostKeys)}
            PidFile none
            AuthorizedKeysFile {authorized}
            StrictModes no
            UsePAM no
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            AllowTcpForwarding yes
            RekeyLimit {RekeyLimit}
            Subsystem sftp /usr/lib/openssh/sftp-server
            """);
        Directory.CreateDirectory("/run/sshd");
        var info = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-D", "-e", "-f", config })
            info.ArgumentList.Add(arg);
        _sshd = Process.Start(info)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var line = await _sshd.StandardError.ReadLineAsync(deadline.Token)
                ?? throw new InvalidOperationException($"sshd exited before listening (exit {(_sshd.HasExited ? _sshd.ExitCode : -1)}).");
            if (line.Contains("Server listening on", StringComparison.Ordinal))
                break;
        }
        _ = DrainAsync(_sshd);
    }

    private static async Task DrainAsync(Process process)
    {
        try
        {
            while (await process.StandardError.ReadLineAsync() is not null)
            {
                // sshd's log is not needed; reading keeps its pipe from filling.
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // sshd stopped.
        }
    }

    /// <summary>Lets one more key log in as root (sshd reads the file at each login).</summary>
    public Task AuthorizeAsync(string publicKeyLine) => File.AppendAllTextAsync(Path.Combine(_dir, "authorized_keys"), publicKeyLine + "\n");

    public Task<SshClientConnection> ConnectAsync(SshEd25519Key? userKey = null, string? hostKeyLine = null, Action<SshClientOptions>? configure = null)
    {
        var options = new SshClientOptions
        {
            Username = "root",
            UserKey = userKey ?? UserKey,
            HostKeys = [hostKeyLine ?? HostKeyLine],
        };
        configure?.Invoke(options);
        return ConnectAsync(options);
    }

    public async Task<SshClientConnection> ConnectAsync(SshClientOptions options)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Port);
        return await SshClientConnection.ConnectAsync(tcp.GetStream(), options);
    }

    public Task DisposeAsync()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill(entireProcessTree: true);
            _sshd.WaitForExit(5000);
        }
        _sshd?.Dispose();
        UserKey.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}
