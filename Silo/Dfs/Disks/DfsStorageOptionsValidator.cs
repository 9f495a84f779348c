using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>Checks <see cref="DfsStorageOptions"/> at start-up; every message names the key, its environment variable and the fix.</summary>
internal sealed class DfsStorageOptionsValidator : IValidateOptions<DfsStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, DfsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (options.ChunkDirectories.Count == 0)
        {
            failures.Add("Dfs:ChunkDirectories (EDD_DFS__CHUNK_DIRECTORIES__0) is empty. Set at least one chunk directory, e.g. /mnt/disk1/edd-chunks.");
        }

        List<string> seen = [];
        for (var i = 0; i < options.ChunkDirectories.Count; i++)
        {
            var path = options.ChunkDirectories[i];
            var key = $"Dfs:ChunkDirectories:{i} (EDD_DFS__CHUNK_DIRECTORIES__{i})";
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"{key} is empty. Set it to the absolute path of a directory on a disk, e.g. /mnt/disk{i + 1}/edd-chunks, or remove it.");
                continue;
            }

            if (!Path.IsPathFullyQualified(path))
            {
                failures.Add($"{key} '{path}' is not an absolute path. Use a full path such as /mnt/disk{i + 1}/edd-chunks.");
                continue;
            }

            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            var clash = seen.FindIndex(other => IsSameOrInside(full, other) || IsSameOrInside(other, full));
            if (clash >= 0)
            {
                failures.Add($"{key} '{path}' is the same as, or nested with, Dfs:ChunkDirectories:{clash} '{options.ChunkDirectories[clash]}'. "
                    + "Give each disk its own directory, side by side, e.g. /mnt/disk1/edd-chunks and /mnt/disk2/edd-chunks.");
            }

            seen.Add(full);
        }

        if (options.ReserveBytes < 0)
        {
            failures.Add($"Dfs:ReserveBytes (EDD_DFS__RESERVE_BYTES) {options.ReserveBytes} is negative. Use a number of bytes, e.g. 1073741824 (1 GiB), or 0 for no reserve.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsSameOrInside(string path, string directory) =>
        path.Equals(directory, StringComparison.Ordinal)
        || path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
