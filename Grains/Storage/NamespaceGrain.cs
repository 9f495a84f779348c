using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Storage;

public enum NamespaceStatus
{
    None,
    Active,
    /// <summary>Gone for callers; its files are being deleted.</summary>
    Deleting,
    /// <summary>Gone, files and all.</summary>
    Deleted,
}

[GenerateSerializer, Immutable, Alias("edd.storage.share-record")]
public sealed record ShareRecord(
    [property: Id(0)] ShareInfo Info,
    [property: Id(1)] string SecretHash);

[GenerateSerializer, Alias("edd.storage.namespace-state")]
public sealed record NamespaceState
{
    [Id(0)] public NamespaceStatus Status { get; init; }
    [Id(1)] public Guid OwnerId { get; init; }
    [Id(2)] public string Owner { get; init; } = "";
    [Id(3)] public string Name { get; init; } = "";
    [Id(4)] public Visibility Visibility { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>False until the public index reflects the last change (retried until it does).</summary>
    [Id(6)] public bool PublicIndexInSync { get; init; } = true;
    [Id(7)] public ImmutableArray<ShareRecord> Shares { get; init; } = [];
}

internal sealed partial class NamespaceGrain(
    [PersistentState("namespace", StorageNames.Default)] IPersistentState<NamespaceState> state,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<NamespaceGrain> logger) : Grain, INamespaceGrain, IRemindable
{
    private const string PurgeReminder = "purge";
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private IGrainTimer? _retry;
    private Guid Id => this.GetPrimaryKey();

    private NamespaceInfo Info => new(Id, state.State.Name, state.State.OwnerId, state.State.Owner, state.State.Visibility, state.State.CreatedAt);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.PublicIndexInSync || state.State.Status == NamespaceStatus.Deleting)
            ScheduleRetry();
        return Task.CompletedTask;
    }

    public async Task<NamespaceInfo> CreateAsync(Guid ownerId, string owner, string name, Visibility visibility)
    {
        if (state.State.Status != NamespaceStatus.None)
        {
            if (state.State.Status == NamespaceStatus.Active && state.State.OwnerId == ownerId && state.State.Name == name)
                return Info;
            throw EddException.Conflict("This namespace id is taken.");
        }
        await state.WriteAsync(new NamespaceState
        {
            Status = NamespaceStatus.Active, OwnerId = ownerId, Owner = owner, Name = name, Visibility = visibility,
            CreatedAt = time.GetUtcNow(), PublicIndexInSync = visibility != Visibility.Public,
        });
        await SyncPublicIndexAsync();
        return Info;
    }

    public Task<NamespaceInfo?> GetAsync() => Task.FromResult(state.State.Status == NamespaceStatus.Active ? Info : null);

    public async Task<NamespaceInfo> RenameAsync(string name)
    {
        EnsureActive();
        if (state.State.Name == name)
            return Info;
        await state.WriteAsync(state.State with { Name = name, PublicIndexInSync = state.State.Visibility != Visibility.Public });
        await SyncPublicIndexAsync();
        return Info;
    }

    public async Task<NamespaceInfo> SetVisibilityAsync(Visibility visibility)
    {
        EnsureActive();
        if (!Enum.IsDefined(visibility))
            throw EddException.Validation("visibility", "Visibility is private, visible or public.");
        if (state.State.Visibility == visibility)
            return Info;
        await state.WriteAsync(state.State with { Visibility = visibility, PublicIndexInSync = false });
        await SyncPublicIndexAsync();
        return Info;
    }

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Status is NamespaceStatus.None or NamespaceStatus.Deleted)
            return false;
        if (state.State.Status == NamespaceStatus.Active)
        {
            // Links die with the namespace; the reminder resumes the purge after a crash.
            await state.WriteAsync(state.State with { Status = NamespaceStatus.Deleting, PublicIndexInSync = false, Shares = [] });
            await this.RegisterOrUpdateReminder(PurgeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            LogDeleting(logger, Id, state.State.Name);
        }
        await SyncPublicIndexAsync();
        ScheduleRetry();
        return true;
    }

    public Task<bool> IsPurgedAsync() => Task.FromResult(state.State.Status == NamespaceStatus.Deleted);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PurgeReminder)
            await PurgeAsync();
    }

    /// <summary>Deletes every file under the namespace's root, then marks it deleted. Safe to run again at any point.</summary>
    private async Task PurgeAsync()
    {
        if (state.State.Status != NamespaceStatus.Deleting)
        {
            if (await this.GetReminder(PurgeReminder) is { } stale)
                await this.UnregisterReminder(stale);
            return;
        }
        var deleted = 0;
        await foreach (var path in DfsTree.FilesAsync(GrainFactory, StoragePaths.NamespaceRoot(Id)))
        {
            await GrainFactory.GetGrain<IDfsFileGrain>(path).DeleteAsync();
            deleted++;
        }
        await state.WriteAsync(state.State with { Status = NamespaceStatus.Deleted });
        if (await this.GetReminder(PurgeReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        LogPurged(logger, Id, deleted);
    }

    public async Task<ShareInfo> CreateShareAsync(string path, string secretHash, DateTimeOffset? expiresAt, string createdBy)
    {
        EnsureActive();
        var now = time.GetUtcNow();
        var live = state.State.Shares.Where(s => s.Info.ExpiresAt is not { } at || at > now).ToImmutableArray();
        if (live.Length >= options.Value.MaxSharesPerNamespace)
            throw EddException.Conflict($"A namespace may hold at most {options.Value.MaxSharesPerNamespace} share links; revoke some first.");
        var share = new ShareInfo(Guid.NewGuid(), Id, path, now, expiresAt, createdBy);
        await state.WriteAsync(state.State with { Shares = live.Add(new ShareRecord(share, secretHash)) });
        return share;
    }

    public Task<ImmutableArray<ShareInfo>> ListSharesAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(state.State.Status != NamespaceStatus.Active ? []
            : state.State.Shares.Select(s => s.Info).Where(s => s.ExpiresAt is not { } at || at > now).ToImmutableArray());
    }

    public async Task<bool> RevokeShareAsync(Guid shareId)
    {
        var share = state.State.Shares.FirstOrDefault(s => s.Info.Id == shareId);
        if (share is null)
            return false;
        await state.WriteAsync(state.State with { Shares = state.State.Shares.Remove(share) });
        return true;
    }

    public Task<ShareInfo?> ResolveShareAsync(Guid shareId, string secretHash)
    {
        var share = state.State.Status == NamespaceStatus.Active ? state.State.Shares.FirstOrDefault(s => s.Info.Id == shareId) : null;
        var valid = share is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(share.SecretHash), Encoding.ASCII.GetBytes(secretHash))
            && (share.Info.ExpiresAt is not { } at || at > time.GetUtcNow());
        return Task.FromResult(valid ? share!.Info : null);
    }

    public async Task<long> RecountUsageAsync()
    {
        if (state.State.Status != NamespaceStatus.Active)
            return 0;
        var account = GrainFactory.GetGrain<IStorageAccountGrain>(state.State.OwnerId);
        // A write settling during the count makes it stale: count again (bounded; the next lapse retries too).
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var epoch = await account.BeginRecountAsync(Id);
            long total = 0;
            await foreach (var path in DfsTree.FilesAsync(GrainFactory, StoragePaths.NamespaceRoot(Id)))
                total += (await GrainFactory.GetGrain<IDfsFileGrain>(path).GetAsync())?.Current.Size ?? 0;
            if (await account.EndRecountAsync(Id, epoch, total))
                return total;
        }
        return -1;
    }

    private void EnsureActive()
    {
        if (state.State.Status != NamespaceStatus.Active)
            throw EddException.NotFound("There is no such namespace.");
    }

    private async Task SyncPublicIndexAsync()
    {
        if (state.State.PublicIndexInSync)
            return;
        try
        {
            var listed = state.State.Status == NamespaceStatus.Active && state.State.Visibility == Visibility.Public;
            await GrainFactory.GetGrain<IPublicNamespacesGrain>(IPublicNamespacesGrain.Key).SetAsync(Info, listed);
            await state.WriteAsync(state.State with { PublicIndexInSync = true });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogIndexFailed(logger, Id, ex);
            ScheduleRetry();
        }
    }

    /// <summary>Finishes what a failed call or a crash left: the public index, the purge.</summary>
    private void ScheduleRetry() =>
        _retry ??= this.RegisterGrainTimer(async _ =>
        {
            await SyncPublicIndexAsync();
            if (state.State.Status == NamespaceStatus.Deleting)
                await PurgeAsync();
            if (state.State.PublicIndexInSync && state.State.Status != NamespaceStatus.Deleting)
            {
                _retry?.Dispose();
                _retry = null;
            }
        }, new GrainTimerCreationOptions(TimeSpan.Zero, RetryInterval));

    [LoggerMessage(EventId = 8401, Level = LogLevel.Information, Message = "Namespace {Id} ({Name}) deleted; its files are being deleted")]
    private static partial void LogDeleting(ILogger logger, Guid id, string name);

    [LoggerMessage(EventId = 8402, Level = LogLevel.Information, Message = "Namespace {Id}: {Files} files deleted, namespace purged")]
    private static partial void LogPurged(ILogger logger, Guid id, int files);

    [LoggerMessage(EventId = 8403, Level = LogLevel.Warning, Message = "Namespace {Id}: public index not updated yet; retried every 5 s")]
    private static partial void LogIndexFailed(ILogger logger, Guid id, Exception exception);
}
