using EddCloud.Silo.Dfs.Disks;

namespace EddCloud.Tests.Dfs.Disks;

/// <summary>Concurrent fsyncs of one directory are shared, and a failing one fails every caller that relied on it.</summary>
public sealed class DirectorySyncTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edd-dirsync-").FullName;

    [Fact]
    public async Task FlushAsync_ManyCallersAtOnce_AllCompleteWithFewerFsyncs()
    {
        const int callers = 200;

        for (var i = 0; i < callers; i++)
            File.WriteAllBytes(Path.Combine(_root, $"f{i}"), [1]);

        // Issued back to back from one thread (not from pool threads a busy machine may run one by one): the
        // fsync runs on another thread, so callers arriving while it runs share the next one.
        var flushes = new List<Task>();
        for (var i = 0; i < callers; i++)
            flushes.Add(DirectorySync.FlushAsync(_root));
        await Task.WhenAll(flushes);

        var fsyncs = DirectorySync.FsyncsRunFor(_root);
        Assert.InRange(fsyncs, 1, callers - 1);
    }

    [Fact]
    public async Task FlushAsync_CallerAfterAFlushEnded_GetsAnotherFsync()
    {
        await DirectorySync.FlushAsync(_root);
        var before = DirectorySync.FsyncsRunFor(_root);

        await DirectorySync.FlushAsync(_root);

        Assert.Equal(before + 1, DirectorySync.FsyncsRunFor(_root));
    }

    [Fact]
    public async Task FlushAsync_DirectoryMissing_EveryCallerFailsThenWorksOnceItExists()
    {
        var missing = Path.Combine(_root, "not-yet");

        var failures = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Record.ExceptionAsync(() => DirectorySync.FlushAsync(missing))));

        Assert.All(failures, failure => Assert.IsType<IOException>(failure));
        Directory.CreateDirectory(missing);
        await DirectorySync.FlushAsync(missing);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
