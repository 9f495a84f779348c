using Orleans.Concurrency;

namespace EddCloud.Grains.Storage;

/// <summary>
/// One upload's progress, keyed by the upload id the client chose, so a stream on any silo sees what the silo
/// receiving the bytes reports. Kept in memory: progress is worth nothing after the upload, and a silo that
/// dies takes its uploads with it (their streams then end with a failure).
/// </summary>
[Alias("edd.storage.IUploadProgressGrain")]
public interface IUploadProgressGrain : IGrainWithGuidKey
{
    /// <summary>Starts (or, for the next part of a multipart upload, continues) the upload; conflict when another user or an ended upload holds the id.</summary>
    [Alias("start")] Task StartAsync(Guid uploaderId, Guid namespaceId, string path, long? totalBytes);

    [Alias("report"), OneWay] Task ReportAsync(long receivedBytes, long committedBytes);

    /// <summary>A file of the upload is stored (a multipart upload stores several).</summary>
    [Alias("stored")] Task StoredAsync(string path, long receivedBytes);

    /// <summary>Ends the upload: succeeded when <paramref name="error"/> is null.</summary>
    [Alias("end")] Task EndAsync(UploadError? error);

    [Alias("get"), AlwaysInterleave] Task<UploadProgress> GetAsync();

    /// <summary>The progress as soon as it is newer than <paramref name="afterSequence"/>, or as it is after <paramref name="maxWait"/>.</summary>
    [Alias("wait"), AlwaysInterleave] Task<UploadProgress> WaitAsync(long afterSequence, TimeSpan maxWait);
}
