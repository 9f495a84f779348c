using System.Globalization;
using System.Runtime.InteropServices;

namespace EddCloud.Tests.Hosting;

/// <summary>
/// A network namespace this test run made (<c>ip netns add</c>) and deletes again: its own loopback and nothing else,
/// so what happens to this host's interfaces (Podman adding and removing one per container) never reaches the
/// programs inside. Programs run in it through <see cref="Command"/>; sockets of this process are made in it through
/// <see cref="Inside{T}"/>, since a socket stays in the namespace it was made in.
/// </summary>
public sealed partial class NetworkNamespace : IAsyncDisposable
{
    private const string Prefix = "edd-test-";
    private const int CloneNewNet = 0x40000000;
    private static int created;

    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>Where <c>ip netns</c> keeps the namespace, for <c>setns</c>.</summary>
    public string Path => $"/run/netns/{Name}";

    /// <summary>Makes a namespace with its loopback up, after deleting the ones earlier runs left behind when killed.</summary>
    public static async Task<NetworkNamespace> CreateAsync()
    {
        await DeleteLeftoversAsync();
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Interlocked.Increment(ref created)}");
        await IpAsync("netns", "add", name);
        var space = new NetworkNamespace(name);
        try
        {
            await IpAsync("-n", name, "link", "set", "lo", "up");
            return space;
        }
        catch
        {
            await space.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command line that runs <paramref name="program"/> inside the namespace.</summary>
    public IReadOnlyList<string> Command(string program) => ["ip", "netns", "exec", Name, program];

    /// <summary>
    /// Runs <paramref name="make"/> on a thread of its own that has entered the namespace (setns applies to one thread),
    /// so the sockets it makes live there for good, whichever thread uses them afterwards.
    /// </summary>
    public T Inside<T>(Func<T> make)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle(Path);
                if (SetNamespace((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into {Path} failed (errno {Marshal.GetLastPInvokeError()}); the tests run as root.");
                result = make();
            }
            catch (Exception e)
            {
                failure = e;
            }
            // The thread ends here, and with it the only thread in the namespace: nothing else runs in it by mistake.
        })
        { IsBackground = true, Name = $"in {Name}" };
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw new InvalidOperationException($"Making sockets in network namespace {Name} failed: {failure.Message}", failure);
        return result!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await IpAsync("netns", "delete", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone (deleted by hand or by a later run's leftover sweep): nothing of ours remains.
        }
    }

    /// <summary>Deletes the namespaces of test runs whose process is gone (a run killed before its fixtures ended).</summary>
    private static async Task DeleteLeftoversAsync()
    {
        if (!Directory.Exists("/run/netns"))
            return;
        foreach (var path in Directory.EnumerateFiles("/run/netns", Prefix + "*"))
        {
            var match = LeftoverName().Match(System.IO.Path.GetFileName(path));
            if (match.Success && !Directory.Exists($"/proc/{match.Groups[1].Value}"))
            {
                try
                {
                    await IpAsync("netns", "delete", System.IO.Path.GetFileName(path));
                }
                catch (InvalidOperationException)
                {
                    // Another run deleted it first.
                }
            }
        }
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var (exitCode, _, error) = await ExternalTool.RunAsync("ip", arguments, TimeSpan.FromSeconds(30));
        if (exitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({exitCode}): {error} (network namespaces need root and iproute2)");
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks for the whole project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNamespace(int fd, int type);
#pragma warning restore SYSLIB1054

    [System.Text.RegularExpressions.GeneratedRegex(@"^edd-test-(\d+)-\d+$")]
    private static partial System.Text.RegularExpressions.Regex LeftoverName();
}
