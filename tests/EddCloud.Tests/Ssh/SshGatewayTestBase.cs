using System.Globalization;
using EddCloud.Tests.Compute;
using EddCloud.Tests.Hosting;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Ssh;

/// <summary>
/// A silo with compute and an edge in front of it for each test, and the stock OpenSSH client pointed at the
/// edge's gateway, checking its persistent host key.
/// </summary>
public abstract class SshGatewayTestBase : IAsyncLifetime
{
    protected string WorkDirectory { get; } = System.IO.Directory.CreateTempSubdirectory("edd-gw-").FullName;
    protected SiloProcess Silo { get; private set; } = null!;
    protected EdgeProcess Edge { get; private set; } = null!;
    protected HttpClient Admin { get; private set; } = null!;
    protected string KnownHosts { get; private set; } = "";

    /// <summary>Settings for this class's edge, in the EDD_* environment form.</summary>
    protected virtual IDictionary<string, string>? EdgeSettings => null;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(ComputeApi.Settings());
        Edge = await EdgeProcess.StartAsync(Silo, EdgeSettings);
        Admin = await Silo.SignInAsAdminAsync();
        var hostKey = (await File.ReadAllTextAsync(Path.Combine(Edge.DataDirectory, "edge", "ssh", "host_ed25519.pub"))).Trim();
        KnownHosts = Path.Combine(WorkDirectory, "known_hosts");
        await File.WriteAllTextAsync(KnownHosts, $"[127.0.0.1]:{Edge.SshPort} {hostKey}\n");
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Edge.DisposeAsync();
        await ComputeApi.DisposeSiloAsync(Silo);
        System.IO.Directory.Delete(WorkDirectory, recursive: true);
    }

    protected string[] SshOptions(SshTestKey key) =>
    [
        "-p", Edge.SshPort.ToString(CultureInfo.InvariantCulture), "-i", key.PrivatePath, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={KnownHosts}", "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "ConnectTimeout=10", "-F", "/dev/null",
    ];

    protected string[] ScpOptions(SshTestKey key) =>
    [
        "-P", Edge.SshPort.ToString(CultureInfo.InvariantCulture), "-i", key.PrivatePath, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={KnownHosts}", "-o", "GlobalKnownHostsFile=/dev/null", "-F", "/dev/null",
    ];

    protected Task<(int ExitCode, string Output, string Error)> SshAsync(SshTestKey key, string login, string command) =>
        ExternalTool.RunAsync("ssh", [.. SshOptions(key), $"{login}@127.0.0.1", command], TimeSpan.FromSeconds(60));

    /// <summary>Waits until the key logs in (a container's sshd may still be applying keys right after it runs).</summary>
    protected Task WaitForLoginAsync(SshTestKey key, string login) =>
        ApiAssert.EventuallyAsync(async () => (await SshAsync(key, login, "true")).ExitCode == 0, TimeSpan.FromSeconds(30), $"ssh {login} through the gateway");
}
