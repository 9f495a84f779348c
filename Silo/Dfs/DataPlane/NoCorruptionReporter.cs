namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>The default until the chunk grains take reports: the data plane logs corruption itself.</summary>
internal sealed class NoCorruptionReporter : ICorruptionReporter
{
    public Task ReportAsync(Guid chunkId, long version, string nodeName, string reason) => Task.CompletedTask;
}
