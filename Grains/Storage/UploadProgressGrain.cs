using System.Collections.Immutable;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Storage;

internal sealed class UploadProgressGrain(TimeProvider time) : Grain, IUploadProgressGrain
{
    /// <summary>An ended upload's progress stays this long for streams that connect late.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    private UploadProgress _progress = null!;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _progress = new UploadProgress(this.GetPrimaryKey(), 0, UploadState.Waiting, null, null, null, 0, 0, null, null, []);
        return Task.CompletedTask;
    }

    public Task StartAsync(Guid uploaderId, Guid namespaceId, string path, long? totalBytes)
    {
        if (_progress.Ended || _progress.UploaderId is { } holder && holder != uploaderId)
            throw EddException.Conflict("This upload id is already used; give every upload a new one.", "uploadId");
        Change(_progress with { State = UploadState.Running, UploaderId = uploaderId, NamespaceId = namespaceId, Path = path, TotalBytes = totalBytes });
        return Task.CompletedTask;
    }

    public Task ReportAsync(long receivedBytes, long committedBytes)
    {
        // Reports are one-way messages: one may overtake another, and counts only grow.
        if (_progress.State == UploadState.Running
            && (receivedBytes > _progress.ReceivedBytes || committedBytes > _progress.CommittedBytes))
        {
            Change(_progress with
            {
                ReceivedBytes = Math.Max(receivedBytes, _progress.ReceivedBytes),
                CommittedBytes = Math.Max(committedBytes, _progress.CommittedBytes),
            });
        }
        return Task.CompletedTask;
    }

    public Task StoredAsync(string path, long receivedBytes)
    {
        Change(_progress with
        {
            Files = _progress.Files.Add(path),
            ReceivedBytes = Math.Max(receivedBytes, _progress.ReceivedBytes),
            CommittedBytes = Math.Max(receivedBytes, _progress.CommittedBytes),
        });
        return Task.CompletedTask;
    }

    public Task EndAsync(UploadError? error)
    {
        if (!_progress.Ended)
        {
            Change(_progress with { State = error is null ? UploadState.Succeeded : UploadState.Failed, Error = error });
            DelayDeactivation(Retention);
        }
        return Task.CompletedTask;
    }

    public Task<UploadProgress> GetAsync() => Task.FromResult(_progress);

    public async Task<UploadProgress> WaitAsync(long afterSequence, TimeSpan maxWait)
    {
        if (_progress.Sequence > afterSequence || _progress.Ended)
            return _progress;
        try
        {
            await _changed.Task.WaitAsync(TimeSpan.FromTicks(Math.Clamp(maxWait.Ticks, 0, TimeSpan.FromSeconds(20).Ticks)), time);
        }
        catch (TimeoutException)
        {
            // Nothing new: the caller gets the same progress and asks again (its stream sends a keep-alive).
        }
        return _progress;
    }

    private void Change(UploadProgress next)
    {
        _progress = next with { Sequence = _progress.Sequence + 1 };
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
