using EddCloud.Ssh.Protocol;

namespace EddCloud.Edge.Ssh;

/// <summary>
/// The gateway's persistent host key (Ed25519): made once under <c>&lt;data&gt;/edge/ssh/</c> (0600) and kept, so users'
/// known_hosts stay valid across restarts; edges sharing the directory share it.
/// </summary>
public sealed class SshGatewayHostKey : IDisposable
{
    public SshGatewayHostKey(IConfiguration configuration)
    {
        var directory = Path.Combine(Path.GetFullPath(configuration["DataDirectory"] ?? "./data"), "edge", "ssh");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "host_ed25519.seed");
        if (!File.Exists(path))
        {
            using var fresh = SshEd25519Key.Generate();
            var temporary = path + ".tmp";
            var write = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                write.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, write))
            {
                stream.Write(fresh.ExportSeed());
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
        }

        Key = SshEd25519Key.FromSeed(File.ReadAllBytes(path));
        File.WriteAllText(Path.Combine(directory, "host_ed25519.pub"), Key.PublicKeyLine + "\n");
    }

    public SshEd25519Key Key { get; }

    public void Dispose() => Key.Dispose();
}
