using System.Runtime.CompilerServices;

namespace EddCloud.Tests.SingleNode;

/// <summary>Where the checkout is, for tests that read or check files of the repository.</summary>
public static class Repository
{
    /// <summary>
    /// The folder holding EddCloud.slnx, found by walking up from the test output; with
    /// <c>--artifacts-path</c> outside the checkout the output is not under it, so the working
    /// directory and then this source file's compile-time path are tried too.
    /// </summary>
    public static string Root([CallerFilePath] string sourceFile = "")
    {
        string?[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile)];
        foreach (var start in starts)
        {
            if (string.IsNullOrEmpty(start) || !Directory.Exists(start))
                continue;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EddCloud.slnx")))
                    return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No EddCloud.slnx above {string.Join(", ", starts)}: run the tests from inside the repository.");
    }
}
