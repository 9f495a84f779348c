using EddCloud.Grains.Dfs;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs;

internal sealed class DfsOptionsValidator : IValidateOptions<DfsOptions>
{
    public ValidateOptionsResult Validate(string? name, DfsOptions options)
    {
        var failures = new List<string>();
        if (options.ChunkSize < 64 * 1024 || options.ChunkSize > 1024L * 1024 * 1024 || options.ChunkSize % (64 * 1024) != 0)
            failures.Add("Dfs:ChunkSize (EDD_DFS__CHUNK_SIZE) must be a multiple of 65536 between 64 KiB and 1 GiB; the default is 67108864 (64 MiB).");
        if (options.ReplicationFactor is < 1 or > 7)
            failures.Add("Dfs:ReplicationFactor (EDD_DFS__REPLICATION_FACTOR) must be between 1 and 7; the default is 3.");
        if (options.NodeTimeout < TimeSpan.FromSeconds(5))
            failures.Add("Dfs:NodeTimeout (EDD_DFS__NODE_TIMEOUT) must be at least 00:00:05: nodes report every 5 seconds.");
        if (options.WriteDeadline < TimeSpan.FromSeconds(10))
            failures.Add("Dfs:WriteDeadline (EDD_DFS__WRITE_DEADLINE) must be at least 00:00:10.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
