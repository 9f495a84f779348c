using System.Runtime.InteropServices;

namespace EddCloud.Silo.Events;

/// <summary>SIGTERM for a graceful stop: .NET's Process.Kill only sends SIGKILL.</summary>
internal static class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM; false when the process is already gone.</summary>
    public static bool Terminate(int processId) => NativeMethods.kill(processId, SigTerm) == 0;

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
