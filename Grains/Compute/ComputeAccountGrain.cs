using System.Collections.Immutable;
using System.Globalization;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Options;

namespace EddCloud.Grains.Compute;

[GenerateSerializer, Alias("edd.compute.account-state")]
public sealed record ComputeAccountState
{
    /// <summary>Container name to its entry.</summary>
    [Id(0)] public ImmutableSortedDictionary<string, ContainerEntry> Containers { get; init; } = ImmutableSortedDictionary.Create<string, ContainerEntry>(StringComparer.Ordinal);
    [Id(1)] public int? MaxContainers { get; init; }
    [Id(2)] public decimal? MaxCpus { get; init; }
    [Id(3)] public long? MaxMemoryBytes { get; init; }
    [Id(4)] public bool Deleted { get; init; }
}

internal sealed class ComputeAccountGrain(
    [PersistentState("compute-account", StorageNames.Default)] IPersistentState<ComputeAccountState> state,
    IOptions<ComputeOptions> options,
    TimeProvider time) : Grain, IComputeAccountGrain
{
    /// <summary>An entry still pending after this long belongs to a create that crashed before its container was recorded.</summary>
    private static readonly TimeSpan PendingLimit = TimeSpan.FromMinutes(2);

    private Guid UserId => this.GetPrimaryKey();
    private int MaxContainers => state.State.MaxContainers ?? options.Value.DefaultQuotaContainers;
    private decimal MaxCpus => state.State.MaxCpus ?? options.Value.DefaultQuotaCpus;
    private long MaxMemoryBytes => state.State.MaxMemoryBytes ?? options.Value.DefaultQuotaMemoryBytes;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await PruneAsync();

    public async Task<ContainerInfo> CreateContainerAsync(ContainerCreation creation)
    {
        ArgumentNullException.ThrowIfNull(creation);
        if (state.State.Deleted)
            throw EddException.NotFound("This user was deleted.");
        if (creation.OwnerId != UserId)
            throw new ArgumentException("The container belongs to another user.", nameof(creation));
        var name = ContainerRules.ValidateName(creation.Name);
        if (state.State.Containers.ContainsKey(name))
            throw EddException.Conflict($"You already have a container named '{name}'; pick another name.", "name");
        await ContainerRules.RequireOwnKeysAsync(GrainFactory, UserId, creation.AllowedKeys);

        var usage = Usage();
        var settings = creation.Settings;
        if (usage.Containers + 1 > usage.MaxContainers)
            throw Quota($"You have {usage.Containers} containers, your quota's limit; delete one or ask an admin to raise it.");
        if (usage.Cpus + settings.Cpus > usage.MaxCpus)
            throw Quota($"Your containers' CPU limits would add up to {Cores(usage.Cpus + settings.Cpus)} cores, past your quota of {Cores(usage.MaxCpus)}; ask for fewer cores, delete a container, or ask an admin to raise it.");
        if (usage.MemoryBytes + settings.MemoryBytes > usage.MaxMemoryBytes)
            throw Quota($"Your containers' memory limits would add up to {usage.MemoryBytes + settings.MemoryBytes} bytes, past your quota of {usage.MaxMemoryBytes}; ask for less memory, delete a container, or ask an admin to raise it.");

        // The entry first (pending), so the quota holds even if the silo dies mid-create; a pending entry whose
        // container never came to be is dropped later.
        var entry = new ContainerEntry(creation.Id, name, settings.Cpus, settings.MemoryBytes, time.GetUtcNow());
        await state.WriteAsync(state.State with { Containers = state.State.Containers.Add(name, entry) });
        ContainerInfo info;
        try
        {
            info = await GrainFactory.GetGrain<IContainerGrain>(creation.Id).CreateAsync(creation with { Name = name });
        }
        catch (EddException)
        {
            await state.WriteAsync(state.State with { Containers = state.State.Containers.Remove(name) });
            throw;
        }

        await state.WriteAsync(state.State with { Containers = state.State.Containers.SetItem(name, entry with { PendingSince = null }) });
        return info;
    }

    public async Task<bool> DeleteContainerAsync(Guid containerId)
    {
        if (Find(containerId) is not { } entry)
            return false;
        await GrainFactory.GetGrain<IContainerGrain>(containerId).DeleteAsync();
        await state.WriteAsync(state.State with { Containers = state.State.Containers.Remove(entry.Name) });
        return true;
    }

    public Task<ImmutableArray<ContainerEntry>> ListAsync(string? after, int limit) =>
        Task.FromResult(state.State.Containers.Values
            .Where(entry => after is null || string.CompareOrdinal(entry.Name, after) > 0)
            .Take(Math.Clamp(limit, 1, 1000))
            .ToImmutableArray());

    public Task<Guid?> FindAsync(string name) =>
        Task.FromResult(state.State.Containers.TryGetValue(name ?? "", out var entry) && entry.PendingSince is null ? entry.Id : (Guid?)null);

    public Task<ComputeUsage> GetUsageAsync() => Task.FromResult(Usage());

    public async Task<ComputeUsage> SetQuotaAsync(int? maxContainers, decimal? maxCpus, long? maxMemoryBytes)
    {
        if (maxContainers is < 0 or > 10_000)
            throw EddException.Validation("maxContainers", "The container quota must be between 0 and 10000.");
        if (maxCpus is < 0m or > 100_000m)
            throw EddException.Validation("maxCpus", "The CPU quota must be between 0 and 100000 cores.");
        if (maxMemoryBytes is < 0 or > 1L << 50)
            throw EddException.Validation("maxMemoryBytes", "The memory quota must be between 0 and 1 PiB.");
        await state.WriteAsync(state.State with { MaxContainers = maxContainers, MaxCpus = maxCpus, MaxMemoryBytes = maxMemoryBytes });
        return Usage();
    }

    public async Task KeysChangedAsync()
    {
        foreach (var entry in state.State.Containers.Values)
            await GrainFactory.GetGrain<IContainerGrain>(entry.Id).KeysChangedAsync();
    }

    public async Task DeleteAllAsync()
    {
        if (!state.State.Deleted)
            await state.WriteAsync(state.State with { Deleted = true });
        foreach (var entry in state.State.Containers.Values.ToList())
            await DeleteContainerAsync(entry.Id);
    }

    /// <summary>
    /// Drops entries whose container is gone or going (a crash between a container's deletion and its entry's, or a
    /// create that never recorded its container). Containers never call back into this grain, so the two never wait
    /// for each other; their GetAsync interleaves.
    /// </summary>
    private async Task PruneAsync()
    {
        var now = time.GetUtcNow();
        var next = state.State.Containers;
        foreach (var entry in state.State.Containers.Values)
        {
            if (entry.PendingSince is { } since && now - since <= PendingLimit)
                continue;
            var info = await GrainFactory.GetGrain<IContainerGrain>(entry.Id).GetAsync();
            next = info is null ? next.Remove(entry.Name) : entry.PendingSince is null ? next : next.SetItem(entry.Name, entry with { PendingSince = null });
        }

        if (next != state.State.Containers)
            await state.WriteAsync(state.State with { Containers = next });
    }

    private ContainerEntry? Find(Guid containerId) => state.State.Containers.Values.FirstOrDefault(entry => entry.Id == containerId);

    private ComputeUsage Usage() => new(
        state.State.Containers.Count, MaxContainers,
        state.State.Containers.Values.Sum(entry => entry.Cpus), MaxCpus,
        state.State.Containers.Values.Sum(entry => entry.MemoryBytes), MaxMemoryBytes);

    private static EddException Quota(string message) => new(ErrorCodes.QuotaExceeded, message);

    private static string Cores(decimal cores) => cores.ToString("0.###", CultureInfo.InvariantCulture);
}
