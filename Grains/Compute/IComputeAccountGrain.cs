using System.Collections.Immutable;

namespace EddCloud.Grains.Compute;

/// <summary>
/// A user's compute, keyed by user id: the index of their containers (names unique), what their limits add up
/// to and the quota. One grain per user decides every create, so parallel creates cannot together pass the quota.
/// </summary>
[Alias("edd.compute.IComputeAccountGrain")]
public interface IComputeAccountGrain : IGrainWithGuidKey
{
    /// <summary>Checks name, keys and quota, then creates the container (see <see cref="IContainerGrain.CreateAsync"/>).</summary>
    [Alias("create")] Task<ContainerInfo> CreateContainerAsync(ContainerCreation creation);

    /// <summary>Deletes the container (it leaves the index at once); false when the user has no such container.</summary>
    [Alias("delete")] Task<bool> DeleteContainerAsync(Guid containerId);

    /// <summary>Up to <paramref name="limit"/> containers whose names sort after <paramref name="after"/>.</summary>
    [Alias("list")] Task<ImmutableArray<ContainerEntry>> ListAsync(string? after, int limit);

    /// <summary>The id of the user's container with that name, or null.</summary>
    [Alias("find")] Task<Guid?> FindAsync(string name);

    [Alias("usage")] Task<ComputeUsage> GetUsageAsync();

    /// <summary>Sets the user's quota; a null field returns to the default.</summary>
    [Alias("set-quota")] Task<ComputeUsage> SetQuotaAsync(int? maxContainers, decimal? maxCpus, long? maxMemoryBytes);

    /// <summary>The user's SSH keys changed: every container writes its authorized_keys again.</summary>
    [Alias("keys-changed")] Task KeysChangedAsync();

    /// <summary>The user was deleted: refuses everything new and deletes every container with its volume and ingress rules. Idempotent.</summary>
    [Alias("delete-all")] Task DeleteAllAsync();
}
