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
        if (options.GcGracePeriod < TimeSpan.FromSeconds(1))
            failures.Add("Dfs:GcGracePeriod (EDD_DFS__GC_GRACE_PERIOD) must be at least 00:00:01; the default is 01:00:00. Readers of a replaced file have this long to finish.");
        if (options.MaintenanceInterval < TimeSpan.FromSeconds(1))
            failures.Add("Dfs:MaintenanceInterval (EDD_DFS__MAINTENANCE_INTERVAL) must be at least 00:00:01; the default is 00:10:00.");
        if (options.UploadLease < TimeSpan.FromSeconds(4))
            failures.Add("Dfs:UploadLease (EDD_DFS__UPLOAD_LEASE) must be at least 00:00:04; the default is 00:02:00.");
        if (options.RepairConcurrency is < 1 or > 64)
            failures.Add("Dfs:RepairConcurrency (EDD_DFS__REPAIR_CONCURRENCY) must be between 1 and 64; the default is 2.");
        if (options.RepairBytesPerSecond < 1024 * 1024)
            failures.Add("Dfs:RepairBytesPerSecond (EDD_DFS__REPAIR_BYTES_PER_SECOND) must be at least 1048576 (1 MiB/s); the default is 67108864.");
        if (options.ScrubBytesPerSecond < 0)
            failures.Add("Dfs:ScrubBytesPerSecond (EDD_DFS__SCRUB_BYTES_PER_SECOND) must not be negative; 0 turns the scrubber off, the default is 8388608.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
