using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;
using EddCloud.Silo.Dfs;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Users.Auth;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Storage;

/// <summary>
/// Files in namespaces on top of the file system: uploads with quota reservations and progress, listings,
/// deletes. Callers have checked access (see <see cref="StorageAccess"/>).
/// </summary>
public sealed class StorageFiles(IGrainFactory grains, DfsFiles dfs, IOptions<StorageOptions> options, TimeProvider time)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(100);
    private const int FolderPageSize = 500;

    public StorageOptions Options => options.Value;

    public async Task<NamespaceInfo> GetNamespaceAsync(Guid id, CancellationToken cancellationToken) =>
        await TransientGrainCalls.RetryAsync(() => grains.GetGrain<INamespaceGrain>(id).GetAsync(), cancellationToken)
        ?? throw StorageAccess.NotFound();

    /// <summary>The progress of an upload, started for this caller (a conflict when another holds the id).</summary>
    public async Task<IUploadProgressGrain> StartProgressAsync(Guid uploadId, Caller caller, NamespaceInfo ns, string path, long? total)
    {
        var progress = grains.GetGrain<IUploadProgressGrain>(uploadId);
        await progress.StartAsync(caller.UserId, ns.Id, path, total);
        return progress;
    }

    /// <summary>
    /// Stores one file from a stream: reserves quota, streams into the file system (the old version stays until the
    /// new one is whole), then settles the exact usage change. Progress goes to <paramref name="progress"/>, offset by
    /// <paramref name="receivedBefore"/> bytes of earlier parts of the same upload.
    /// </summary>
    public async Task<(DfsFileInfo File, bool Replaced)> StoreAsync(
        Caller caller, NamespaceInfo ns, string path, Stream body, long? declaredBytes, string? contentType, bool noOverwrite,
        IUploadProgressGrain progress, long receivedBefore, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFileBytes;
        if (declaredBytes > max)
            throw new EddException(ErrorCodes.PayloadTooLarge, $"A file may be at most {max} bytes (Storage:MaxFileBytes); this one has {declaredBytes}.");
        var dfsPath = StoragePaths.ToDfs(ns.Id, path);
        // Fail fast, before any byte streams; the commit checks again.
        if (noOverwrite && await dfs.GetAsync(dfsPath, cancellationToken) is not null)
            throw new EddException(ErrorCodes.PreconditionFailed, $"{path} exists and If-None-Match: * forbids overwriting it.");

        await using var reservation = declaredBytes is { } declared
            ? await QuotaReservation.ReserveAsync(grains, ns, declared, declared, options.Value.ReservationLease, cancellationToken)
            : await QuotaReservation.ReserveAsync(grains, ns, 0, Math.Min(QuotaReservation.Step, max), options.Value.ReservationLease, cancellationToken);
        var reporter = new ProgressReporter(progress, receivedBefore, time);
        var counted = new UploadBodyStream(body, declaredBytes, max, reservation, reporter.Received);
        var attributes = new DfsFileAttributes(ContentTypes.Resolve(contentType, path.Split('/')[^1]), caller.UserId, caller.Username);
        // No-overwrite is checked again atomically at the commit: another upload may have created the file meanwhile.
        var written = await dfs.WriteAsync(dfsPath, counted, progress: null, cancellationToken, attributes, new Progress(reporter.Committed), onlyIfAbsent: noOverwrite);
        await reservation.SettleAsync(written.File.Current.Size - (written.ReplacedSize ?? 0), CancellationToken.None);
        await progress.StoredAsync(path, receivedBefore + written.File.Current.Size);
        return (written.File, written.ReplacedSize is not null);
    }

    /// <summary>Deletes a file and gives its bytes back to the owner's quota; false when there was none.</summary>
    public async Task<bool> DeleteAsync(NamespaceInfo ns, string path, CancellationToken cancellationToken)
    {
        // A zero reservation brackets the delete: if this silo dies in between, the lapse recounts the namespace.
        await using var reservation = await QuotaReservation.ReserveAsync(grains, ns, 0, 0, options.Value.ReservationLease, cancellationToken);
        var deleted = await dfs.DeleteAsync(StoragePaths.ToDfs(ns.Id, path));
        await reservation.SettleAsync(-(deleted?.Size ?? 0), CancellationToken.None);
        return deleted is not null;
    }

    public async Task<StoredFileResponse> MetadataAsync(NamespaceInfo ns, string path, CancellationToken cancellationToken)
    {
        var file = await dfs.GetAsync(StoragePaths.ToDfs(ns.Id, path), cancellationToken) ?? throw FileNotFound(path);
        return StoredFileResponse.From(ns.Id, file);
    }

    public static EddException FileNotFound(string path) => EddException.NotFound($"There is no file {path} in this namespace.");

    /// <summary>
    /// One page of a listing. With a delimiter, one folder: <paramref name="prefix"/> up to its last '/' names the
    /// folder, the rest filters names, sub-folders come back in <c>folders</c>. Without, every file under the prefix.
    /// </summary>
    public async Task<FilePage> ListAsync(NamespaceInfo ns, string? prefix, bool delimited, string? after, int limit, CancellationToken cancellationToken)
    {
        prefix ??= "";
        var slash = prefix.LastIndexOf('/');
        var folder = StoragePaths.NormalizeFolder(slash < 0 ? "" : prefix[..slash]);
        var namePrefix = slash < 0 ? prefix : prefix[(slash + 1)..];
        var dfsFolder = StoragePaths.ToDfs(ns.Id, folder);
        var folderPrefix = folder.Length == 0 ? "" : folder + "/";
        var files = new List<string>();
        var folders = new List<string>();
        string? next = null;
        if (delimited)
        {
            var taken = new List<DfsEntry>();
            var cursor = after;
            var pastPrefix = false;
            while (!pastPrefix && taken.Count <= limit)
            {
                var page = await grains.GetGrain<IDfsFolderGrain>(dfsFolder).ListAsync(cursor, FolderPageSize);
                foreach (var entry in page)
                {
                    if (entry.Name.StartsWith(namePrefix, StringComparison.Ordinal))
                    {
                        taken.Add(entry);
                        if (taken.Count > limit)
                            break;
                    }
                    else if (string.CompareOrdinal(entry.Name, namePrefix) > 0)
                    {
                        // Names are sorted: nothing after this one starts with the prefix.
                        pastPrefix = true;
                        break;
                    }
                }
                if (page.Length < FolderPageSize)
                    break;
                cursor = page[^1].Name;
            }
            if (taken.Count > limit)
            {
                taken.RemoveAt(limit);
                next = taken[^1].Name;
            }
            foreach (var entry in taken)
            {
                if (entry.IsFolder)
                    folders.Add(folderPrefix + entry.Name + "/");
                else
                    files.Add(folderPrefix + entry.Name);
            }
        }
        else
        {
            var passed = after is null;
            await foreach (var path in DfsTree.FilesAsync(grains, dfsFolder, cancellationToken))
            {
                var relative = StoragePaths.FromDfs(ns.Id, path);
                if (!relative.StartsWith(prefix, StringComparison.Ordinal))
                    continue;
                if (!passed)
                {
                    passed = relative == after;
                    continue;
                }
                if (files.Count == limit)
                {
                    next = files[^1];
                    break;
                }
                files.Add(relative);
            }
        }
        var infos = await Task.WhenAll(files.Select(f => dfs.GetAsync(StoragePaths.ToDfs(ns.Id, f), cancellationToken)));
        var items = infos.Where(i => i is not null).Select(i => StoredFileResponse.From(ns.Id, i!)).ToList();
        return new FilePage(items, folders, next);
    }

    /// <summary>Sends received and committed byte counts to the progress grain, at most every 100 ms (and always the last).</summary>
    private sealed class ProgressReporter(IUploadProgressGrain progress, long before, TimeProvider time)
    {
        private long _received, _committed;
        private long _lastSent;

        public void Received(long bytes) => Send(ref _received, before + bytes);

        public void Committed(long bytes) => Send(ref _committed, before + bytes);

        private void Send(ref long field, long value)
        {
            Volatile.Write(ref field, value);
            var now = time.GetTimestamp();
            var last = Volatile.Read(ref _lastSent);
            if (time.GetElapsedTime(last, now) < ProgressInterval && last != 0)
                return;
            Volatile.Write(ref _lastSent, now);
            _ = progress.ReportAsync(Volatile.Read(ref _received), Volatile.Read(ref _committed));
        }
    }

    /// <summary>Runs the callback synchronously (the default Progress posts to a context).</summary>
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
