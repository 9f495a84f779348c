using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// fsync of a directory, so a created or renamed entry survives a power cut. .NET cannot do this itself on Unix:
/// <c>File.OpenHandle</c> refuses directories (UnauthorizedAccessException), so this calls open(2) and fsync(2).
/// </summary>
internal static class DirectorySync
{
    private static readonly ConcurrentDictionary<string, CoalescingFlusher> Flushers = new(StringComparer.Ordinal);

    private const int ReadOnly = 0;
    private const int CloseOnExecLinux = 0x80000; // O_CLOEXEC on every Linux architecture .NET runs on
    private const int Interrupted = 4; // EINTR
    private const int InvalidArgument = 22; // EINVAL: the file system cannot sync directories (some FUSE mounts)

    public static void Flush(string directory)
    {
        // Windows (NTFS) journals directory changes itself and has no fsync for a directory handle.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Encoding.UTF8.GetBytes(directory + '\0');
        var flags = ReadOnly | (OperatingSystem.IsLinux() ? CloseOnExecLinux : 0);
        int fd;
        do
        {
            fd = NativeMethods.open(path, flags, 0);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Interrupted);

        if (fd < 0)
        {
            throw new IOException($"Could not open directory {directory} to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            int result;
            do
            {
                result = NativeMethods.fsync(fd);
            }
            while (result != 0 && Marshal.GetLastPInvokeError() == Interrupted);

            if (result != 0 && Marshal.GetLastPInvokeError() != InvalidArgument)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    /// <summary>
    /// Makes every change made to <paramref name="directory"/> before this call durable, sharing one fsync with
    /// concurrent callers: many small files committed at once into one directory cost one or two fsyncs, not one each.
    /// </summary>
    public static Task FlushAsync(string directory) =>
        Flushers.GetOrAdd(directory, static path => new CoalescingFlusher(path)).FlushAsync();

    /// <summary>How many fsyncs <see cref="FlushAsync"/> has run for this directory (for tests).</summary>
    internal static long FsyncsRunFor(string directory) => Flushers.TryGetValue(directory, out var flusher) ? flusher.FsyncsRun : 0;

    /// <summary>
    /// At most one fsync of a directory runs at a time. A caller that arrives while one runs cannot rely on it (it
    /// may have read the directory before the caller's change), so it waits for the next one, which starts as soon as
    /// the running one ends and serves every caller that arrived meanwhile.
    /// </summary>
    private sealed class CoalescingFlusher(string directory)
    {
        private readonly Lock gate = new();
        private bool running;
        private TaskCompletionSource? following;
        private long fsyncsRun;

        public long FsyncsRun => Interlocked.Read(ref fsyncsRun);

        public Task FlushAsync()
        {
            TaskCompletionSource first;
            lock (gate)
            {
                if (running)
                {
                    following ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return following.Task;
                }

                running = true;
                first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _ = Task.Run(() => FlushUntilNoneWait(first));
            return first.Task;
        }

        private void FlushUntilNoneWait(TaskCompletionSource callers)
        {
            while (true)
            {
                try
                {
                    Interlocked.Increment(ref fsyncsRun);
                    Flush(directory);
                    callers.TrySetResult();
                }
                catch (Exception exception)
                {
                    callers.TrySetException(exception);
                }

                lock (gate)
                {
                    if (following is null)
                    {
                        running = false;
                        return;
                    }

                    callers = following;
                    following = null;
                }
            }
        }
    }

    // DllImport rather than LibraryImport: the source-generated form needs AllowUnsafeBlocks for the whole project.
    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, IDE1006 // libc's own names; see the note above.
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int open(byte[] path, int flags, int mode);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054, IDE1006
    }
}
