using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EddCloud.Silo.Hosting.Processes;

/// <summary>
/// Stopping the child processes a silo supervises (nats-server, podman): SIGTERM first (.NET's Process.Kill only
/// sends SIGKILL), SIGKILL after a timeout; and finding one a crashed silo left behind by its pid file.
/// </summary>
internal static class ChildProcesses
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; false when the process is already gone.</summary>
    public static bool Terminate(int processId) => NativeMethods.kill(processId, SigTerm) == 0;

    /// <summary>SIGTERM, then SIGKILL (whole tree) when it has not exited after <paramref name="stopTimeout"/>.</summary>
    /// <param name="onKill">Called before the SIGKILL, to log it.</param>
    public static async Task StopAsync(Process running, TimeSpan stopTimeout, Action onKill, CancellationToken cancellationToken)
    {
        if (running.HasExited)
            return;
        Terminate(running.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(stopTimeout);
        try
        {
            await running.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            onKill();
            running.Kill(entireProcessTree: true);
            await running.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>The same, blocking: for containers disposed synchronously.</summary>
    public static void Stop(Process running, TimeSpan stopTimeout)
    {
        if (running.HasExited)
            return;
        Terminate(running.Id);
        if (!running.WaitForExit(stopTimeout))
            running.Kill(entireProcessTree: true);
    }

    /// <summary>
    /// The process whose id <paramref name="pidFile"/> holds, when it still runs as <paramref name="processName"/>
    /// (left over from a crashed silo); null otherwise. The caller disposes it.
    /// </summary>
    public static async Task<Process?> FindLeftOverAsync(string pidFile, string processName, CancellationToken cancellationToken)
    {
        if (!File.Exists(pidFile) || !int.TryParse(await File.ReadAllTextAsync(pidFile, cancellationToken), out var pid))
            return null;
        Process found;
        try
        {
            found = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null; // Not running any more.
        }
        if (found.ProcessName == processName)
            return found;
        found.Dispose();
        return null;
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks for the whole project.
    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054, IDE1006 // libc's own name; see the note above.
        public static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, IDE1006
    }
}
