using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Storage;

/// <summary>An upload's claim on the quota until its write settles or it lapses.</summary>
[GenerateSerializer, Immutable, Alias("edd.storage.reservation")]
public sealed record Reservation(
    [property: Id(0)] Guid NamespaceId,
    [property: Id(1)] long Bytes,
    [property: Id(2)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Alias("edd.storage.account-state")]
public sealed record StorageAccountState
{
    /// <summary>Name key (see <see cref="NamespaceNames.Key"/>) to the namespace.</summary>
    [Id(0)] public ImmutableSortedDictionary<string, NamespaceEntry> Namespaces { get; init; } = ImmutableSortedDictionary.Create<string, NamespaceEntry>(StringComparer.Ordinal);
    [Id(1)] public long? MaxBytes { get; init; }
    [Id(2)] public int? MaxNamespaces { get; init; }
    [Id(3)] public ImmutableDictionary<Guid, Reservation> Reservations { get; init; } = ImmutableDictionary<Guid, Reservation>.Empty;
    /// <summary>The user was deleted: nothing new is accepted, every namespace goes.</summary>
    [Id(4)] public bool Deleted { get; init; }
}

internal sealed partial class StorageAccountGrain(
    [PersistentState("storage-account", StorageNames.Default)] IPersistentState<StorageAccountState> state,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<StorageAccountGrain> logger) : Grain, IStorageAccountGrain
{
    private Guid UserId => this.GetPrimaryKey();

    // Recount epochs: any settle in a namespace after a recount began makes that recount stale. Random per
    // activation, so an epoch from an earlier activation never matches.
    private long _settles = Random.Shared.NextInt64(long.MaxValue / 2);
    private readonly Dictionary<Guid, long> _lastSettle = [];

    private long MaxBytes => state.State.MaxBytes ?? options.Value.DefaultQuotaBytes;
    private int MaxNamespaces => state.State.MaxNamespaces ?? options.Value.DefaultQuotaNamespaces;

    public async Task<NamespaceInfo> CreateNamespaceAsync(string owner, string name, Visibility visibility)
    {
        EnsureNotDeleted();
        name = NamespaceNames.Validate(name);
        if (!Enum.IsDefined(visibility))
            throw EddException.Validation("visibility", "Visibility is private, visible or public.");
        var key = NamespaceNames.Key(name);
        if (state.State.Namespaces.ContainsKey(key))
            throw EddException.Conflict($"You already have a namespace named '{state.State.Namespaces[key].Name}'; pick another name.", "name");
        if (state.State.Namespaces.Count >= MaxNamespaces)
            throw new EddException(ErrorCodes.QuotaExceeded, $"You have {state.State.Namespaces.Count} namespaces, your quota's limit; delete one or ask an admin to raise it.");
        var id = Guid.NewGuid();
        // The namespace first: a crash before the index write leaves an unreachable empty namespace, never an index entry without one.
        var info = await GrainFactory.GetGrain<INamespaceGrain>(id).CreateAsync(UserId, owner, name, visibility);
        await state.WriteAsync(state.State with { Namespaces = state.State.Namespaces.Add(key, new NamespaceEntry(id, name, 0)) });
        return info;
    }

    public async Task<NamespaceInfo> RenameNamespaceAsync(Guid namespaceId, string name)
    {
        EnsureNotDeleted();
        name = NamespaceNames.Validate(name);
        var (oldKey, entry) = Find(namespaceId) ?? throw EddException.NotFound("There is no such namespace.");
        var key = NamespaceNames.Key(name);
        if (key != oldKey && state.State.Namespaces.ContainsKey(key))
            throw EddException.Conflict($"You already have a namespace named '{state.State.Namespaces[key].Name}'; pick another name.", "name");
        var info = await GrainFactory.GetGrain<INamespaceGrain>(namespaceId).RenameAsync(name);
        await state.WriteAsync(state.State with { Namespaces = state.State.Namespaces.Remove(oldKey).Add(key, entry with { Name = name }) });
        return info;
    }

    public async Task<bool> DeleteNamespaceAsync(Guid namespaceId)
    {
        if (Find(namespaceId) is not var (key, _))
            return false;
        await GrainFactory.GetGrain<INamespaceGrain>(namespaceId).DeleteAsync();
        await state.WriteAsync(state.State with
        {
            Namespaces = state.State.Namespaces.Remove(key),
            Reservations = state.State.Reservations.RemoveRange(state.State.Reservations.Where(r => r.Value.NamespaceId == namespaceId).Select(r => r.Key)),
        });
        return true;
    }

    public Task<ImmutableArray<NamespaceEntry>> ListNamespacesAsync(string? after, int limit)
    {
        var afterKey = after is null ? null : NamespaceNames.Key(after);
        return Task.FromResult(state.State.Namespaces
            .Where(e => afterKey is null || string.CompareOrdinal(e.Key, afterKey) > 0)
            .Take(limit)
            .Select(e => e.Value)
            .ToImmutableArray());
    }

    public Task<long> UsedBytesAsync(Guid namespaceId) => Task.FromResult(Find(namespaceId)?.Entry.UsedBytes ?? 0);

    public async Task<StorageUsage> GetUsageAsync()
    {
        await PruneLapsedAsync();
        return Usage();
    }

    public async Task<StorageUsage> SetQuotaAsync(long? maxBytes, int? maxNamespaces)
    {
        if (maxBytes is < 0)
            throw EddException.Validation("maxBytes", "maxBytes must be 0 or more (null for the default).");
        if (maxNamespaces is < 0)
            throw EddException.Validation("maxNamespaces", "maxNamespaces must be 0 or more (null for the default).");
        await state.WriteAsync(state.State with { MaxBytes = maxBytes, MaxNamespaces = maxNamespaces });
        return Usage();
    }

    public async Task<long> ReserveAsync(Guid uploadId, Guid namespaceId, long minimum, long desired)
    {
        if (minimum < 0 || desired < minimum)
            throw EddException.Validation("bytes", "A reservation needs 0 <= minimum <= desired.");
        EnsureNotDeleted();
        if (Find(namespaceId) is null)
            throw EddException.NotFound("There is no such namespace.");
        await PruneLapsedAsync();
        var others = state.State.Reservations.Where(r => r.Key != uploadId).Sum(r => r.Value.Bytes);
        var used = state.State.Namespaces.Values.Sum(n => n.UsedBytes);
        if (used + others + minimum > MaxBytes)
        {
            throw new EddException(ErrorCodes.QuotaExceeded,
                $"This upload needs {minimum} bytes; {used} are stored and {others} reserved by uploads in flight, of a quota of {MaxBytes}. Delete files or ask an admin to raise the quota.");
        }
        var granted = Math.Min(desired, MaxBytes - used - others);
        var reservation = new Reservation(namespaceId, granted, time.GetUtcNow() + options.Value.ReservationLease);
        await state.WriteAsync(state.State with { Reservations = state.State.Reservations.SetItem(uploadId, reservation) });
        return granted;
    }

    public async Task SettleAsync(Guid uploadId, long deltaBytes)
    {
        if (!state.State.Reservations.TryGetValue(uploadId, out var reservation))
        {
            // Settled already (a retried call), or lapsed: the lapse started a recount that counts this write.
            return;
        }
        var next = state.State with { Reservations = state.State.Reservations.Remove(uploadId) };
        if (Find(reservation.NamespaceId) is var (key, entry))
            next = next with { Namespaces = next.Namespaces.SetItem(key, entry with { UsedBytes = Math.Max(0, entry.UsedBytes + deltaBytes) }) };
        _lastSettle[reservation.NamespaceId] = ++_settles;
        await state.WriteAsync(next);
    }

    public async Task ReleaseAsync(Guid uploadId)
    {
        if (state.State.Reservations.ContainsKey(uploadId))
            await state.WriteAsync(state.State with { Reservations = state.State.Reservations.Remove(uploadId) });
    }

    public Task<long> BeginRecountAsync(Guid namespaceId)
    {
        var epoch = ++_settles;
        _lastSettle[namespaceId] = epoch;
        return Task.FromResult(epoch);
    }

    public async Task<bool> EndRecountAsync(Guid namespaceId, long epoch, long totalBytes)
    {
        if (_lastSettle.GetValueOrDefault(namespaceId) != epoch)
            return false;
        if (Find(namespaceId) is var (key, entry) && entry.UsedBytes != totalBytes)
        {
            LogRecounted(logger, UserId, namespaceId, entry.UsedBytes, totalBytes);
            await state.WriteAsync(state.State with { Namespaces = state.State.Namespaces.SetItem(key, entry with { UsedBytes = totalBytes }) });
        }
        return true;
    }

    public async Task DeleteAllAsync()
    {
        if (!state.State.Deleted)
            await state.WriteAsync(state.State with { Deleted = true });
        // One namespace at a time, each durable: a crash half-way resumes with the rest when the event is redelivered.
        foreach (var entry in state.State.Namespaces.Values.ToList())
            await DeleteNamespaceAsync(entry.Id);
        if (!state.State.Reservations.IsEmpty)
            await state.WriteAsync(state.State with { Reservations = state.State.Reservations.Clear() });
    }

    private StorageUsage Usage() => new(
        state.State.Namespaces.Values.Sum(n => n.UsedBytes), MaxBytes, state.State.Namespaces.Count, MaxNamespaces,
        state.State.Reservations.Values.Sum(r => r.Bytes), state.State.MaxBytes, state.State.MaxNamespaces);

    /// <summary>Drops reservations whose uploader stopped renewing (it died); their namespaces recount what was stored.</summary>
    private async Task PruneLapsedAsync()
    {
        var now = time.GetUtcNow();
        var lapsed = state.State.Reservations.Where(r => r.Value.ExpiresAt <= now).ToList();
        if (lapsed.Count == 0)
            return;
        await state.WriteAsync(state.State with { Reservations = state.State.Reservations.RemoveRange(lapsed.Select(r => r.Key)) });
        foreach (var namespaceId in lapsed.Select(r => r.Value.NamespaceId).Distinct())
        {
            LogLapsed(logger, UserId, namespaceId);
            // Not awaited: the recount calls back into this grain.
            _ = GrainFactory.GetGrain<INamespaceGrain>(namespaceId).RecountUsageAsync();
        }
    }

    private (string Key, NamespaceEntry Entry)? Find(Guid namespaceId)
    {
        foreach (var (key, entry) in state.State.Namespaces)
        {
            if (entry.Id == namespaceId)
                return (key, entry);
        }
        return null;
    }

    private void EnsureNotDeleted()
    {
        if (state.State.Deleted)
            throw EddException.NotFound("This user was deleted.");
    }

    [LoggerMessage(EventId = 8411, Level = LogLevel.Warning, Message = "User {UserId}: an upload's reservation in namespace {NamespaceId} lapsed unsettled; recounting the namespace")]
    private static partial void LogLapsed(ILogger logger, Guid userId, Guid namespaceId);

    [LoggerMessage(EventId = 8412, Level = LogLevel.Information, Message = "User {UserId}: namespace {NamespaceId} recounted: {Before} -> {After} bytes")]
    private static partial void LogRecounted(ILogger logger, Guid userId, Guid namespaceId, long before, long after);
}
