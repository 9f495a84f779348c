using System.Collections.Immutable;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Storage;

/// <summary>Placed where it is first called (usually the silo receiving the upload), so it rarely outlives the upload's own silo.</summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed class UploadProgressGrain(TimeProvider time) : Grain, IUploadProgressGrain
{
    /// <summary>An ended upload's progress stays this long for streams that connect late.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A running upload reports whenever bytes arrive (the server drops a client slower than its minimum data rate
    /// within seconds) and whenever a chunk commits. Silence this long means the silo receiving it died.
    /// </summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(60);

    private UploadProgress _progress = null!;
    private DateTimeOffset _lastHeard;
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
        _lastHeard = time.GetUtcNow();
        Change(_progress with { State = UploadState.Running, UploaderId = uploaderId, NamespaceId = namespaceId, Path = path, TotalBytes = totalBytes });
        return Task.CompletedTask;
    }

    public Task ReportAsync(long receivedBytes, long committedBytes)
    {
        // Reports are one-way messages: one may overtake another, and counts only grow.
        _lastHeard = time.GetUtcNow();
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
        _lastHeard = time.GetUtcNow();
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

    public Task<UploadProgress> GetAsync()
    {
        EndIfSilent();
        return Task.FromResult(_progress);
    }

    public async Task<UploadProgress> WaitAsync(long afterSequence, TimeSpan maxWait)
    {
        EndIfSilent();
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
        EndIfSilent();
        return _progress;
    }

    /// <summary>Streams end with a clear failure, not an endless "running", when the receiving silo died.</summary>
    private void EndIfSilent()
    {
        if (_progress.State == UploadState.Running && time.GetUtcNow() - _lastHeard > SilenceLimit)
        {
            Change(_progress with
            {
                State = UploadState.Failed,
                Error = new UploadError(ErrorCodes.Unavailable,
                    $"The server receiving this upload stopped reporting for {SilenceLimit.TotalSeconds:0} s (it may have stopped); list the folder to see whether the file was stored, else upload it again.", 503),
            });
            DelayDeactivation(Retention);
        }
    }

    private void Change(UploadProgress next)
    {
        _progress = next with { Sequence = _progress.Sequence + 1 };
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
