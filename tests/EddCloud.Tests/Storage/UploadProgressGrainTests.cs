using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;

namespace EddCloud.Tests.Storage;

/// <summary>The progress grain on its own, with the fixture's fake clock.</summary>
[Collection(GrainsClusterCollection.Name)]
public sealed class UploadProgressGrainTests(GrainsClusterFixture cluster)
{
    [Fact]
    public async Task Progress_CountsOnlyGrow_EndsOnce_OtherUploaderRefused()
    {
        var grain = cluster.Grains.GetGrain<IUploadProgressGrain>(Guid.NewGuid());
        var uploader = Guid.NewGuid();
        Assert.Equal(UploadState.Waiting, (await grain.GetAsync()).State);

        await grain.StartAsync(uploader, Guid.NewGuid(), "a.bin", 100);
        await grain.ReportAsync(60, 0);
        await grain.ReportAsync(40, 10);   // overtaken by the newer report: received stays at 60
        // Reports are one-way and may arrive in either order; once both have, each count is the larger one.
        var running = await WaitForAsync(grain, p => p.CommittedBytes == 10 && p.ReceivedBytes == 60);
        Assert.Equal((UploadState.Running, 60L, 10L), (running.State, running.ReceivedBytes, running.CommittedBytes));

        await Assert.ThrowsAsync<EddException>(() => grain.StartAsync(Guid.NewGuid(), Guid.NewGuid(), "b.bin", null));
        await grain.StoredAsync("a.bin", 100);
        await grain.EndAsync(null);
        await grain.EndAsync(new UploadError("internal", "late", 500));

        var ended = await grain.GetAsync();
        Assert.Equal((UploadState.Succeeded, 100L, null), (ended.State, ended.CommittedBytes, ended.Error));
        Assert.Equal(["a.bin"], ended.Files.ToArray());
        await Assert.ThrowsAsync<EddException>(() => grain.StartAsync(uploader, Guid.NewGuid(), "again.bin", null));
    }

    [Fact]
    public async Task RunningUpload_SilentPastTheLimit_EndsAsFailedSayingWhy()
    {
        var grain = cluster.Grains.GetGrain<IUploadProgressGrain>(Guid.NewGuid());
        await grain.StartAsync(Guid.NewGuid(), Guid.NewGuid(), "big.bin", null);
        GrainsClusterFixture.Time.Advance(UploadProgressGrain.SilenceLimit / 2);
        Assert.Equal(UploadState.Running, (await grain.GetAsync()).State);

        GrainsClusterFixture.Time.Advance(UploadProgressGrain.SilenceLimit);
        var progress = await grain.GetAsync();

        Assert.Equal(UploadState.Failed, progress.State);
        Assert.Contains("stopped reporting", progress.Error!.Detail);
    }

    private static async Task<UploadProgress> WaitForAsync(IUploadProgressGrain grain, Func<UploadProgress, bool> done)
    {
        // Reports are one-way calls, applied after they return; a busy machine may take seconds, so wait up to 30 s.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var progress = await grain.GetAsync();
            if (done(progress))
                return progress;
            await Task.Delay(20);
        }
        return await grain.GetAsync();
    }
}
