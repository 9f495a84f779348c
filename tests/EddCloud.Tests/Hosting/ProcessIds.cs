using System.Diagnostics;

namespace EddCloud.Tests.Hosting;

/// <summary>Asks the system about a process the test did not start itself (a child of the silo, a left-over).</summary>
internal static class ProcessIds
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // No such process any more.
        }
    }
}
