namespace EddCloud.Tests.Ssh.Protocol;

/// <summary>The stock OpenSSH tools (ssh, scp, sftp, ssh-keygen) pointed at a server on 127.0.0.1, each in a temp dir of its own.</summary>
public sealed class OpenSshClient : IDisposable
{
    private readonly int _port;

    public OpenSshClient(int port, string knownHostsLine)
    {
        _port = port;
        Directory = System.IO.Directory.CreateTempSubdirectory("edd-ssh-client-").FullName;
        KnownHosts = Path.Combine(Directory, "known_hosts");
        File.WriteAllText(KnownHosts, knownHostsLine + "\n");
    }

    public string Directory { get; }

    public string KnownHosts { get; }

    /// <summary>Makes a key with ssh-keygen; returns the private key path and the public key line.</summary>
    public async Task<(string Path, string PublicLine)> CreateKeyAsync(string type = "ed25519", int bits = 0, string name = "id")
    {
        var path = Path.Combine(Directory, $"{name}_{type}{bits}");
        List<string> args = ["-q", "-t", type, "-N", "", "-C", name, "-f", path];
        if (bits > 0)
            args.AddRange(["-b", bits.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var result = await ProcessRunner.RunAsync("ssh-keygen", args);
        Assert.True(result.ExitCode == 0, $"ssh-keygen failed: {result}");
        return (path, File.ReadAllText(path + ".pub").Trim());
    }

    public List<string> Options(string key, string logLevel = "ERROR", params string[] extra) =>
    [
        "-F", "/dev/null",
        "-i", key,
        "-o", "IdentitiesOnly=yes",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "UserKnownHostsFile=" + KnownHosts,
        "-o", "BatchMode=yes",
        "-o", "ConnectTimeout=10",
        "-o", "LogLevel=" + logLevel,
        .. extra,
    ];

    public Task<ProcessRunner.Result> SshAsync(string key, string command, byte[]? stdin = null, string[]? extra = null, string logLevel = "ERROR", string user = "alice") =>
        ProcessRunner.RunAsync("ssh", [.. Options(key, logLevel, extra ?? []), "-p", Port, $"{user}@127.0.0.1", command], stdin, TimeSpan.FromSeconds(90));

    public Task<ProcessRunner.Result> ScpAsync(string key, string from, string to, string[]? extra = null) =>
        ProcessRunner.RunAsync("scp", [.. Options(key, "ERROR", extra ?? []), "-P", Port, from, to], null, TimeSpan.FromSeconds(90));

    public Task<ProcessRunner.Result> SftpAsync(string key, string batch, string user = "alice") =>
        ProcessRunner.RunAsync("sftp", [.. Options(key), "-P", Port, "-b", "-", $"{user}@127.0.0.1"], System.Text.Encoding.UTF8.GetBytes(batch), TimeSpan.FromSeconds(90));

    private string Port => _port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
