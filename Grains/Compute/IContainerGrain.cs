using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Compute;

/// <summary>
/// One container (keyed by its id): its spec, owner, the state its owner wants and the state the engine has, its
/// node, addresses, SSH keys and ingress rules. Every change is written first and then carried out by a reconcile
/// loop (a timer right away, a reminder every minute, and the node's watcher), so a crash anywhere only delays it.
/// Callers are silo code that has authorized the request.
/// </summary>
[Alias("edd.compute.IContainerGrain")]
public interface IContainerGrain : IGrainWithGuidKey
{
    /// <summary>Records the container (its image checked on the chosen node) and starts creating it. Idempotent for the same id.</summary>
    [Alias("create")] Task<ContainerInfo> CreateAsync(ContainerCreation creation);

    /// <summary>Null when there is no such container (or it is being deleted).</summary>
    [Alias("get"), AlwaysInterleave] Task<ContainerInfo?> GetAsync();

    /// <summary>How the SSH gateway reaches the container's sshd; null while it does not run or SSH is not ready.</summary>
    [Alias("gateway-access"), AlwaysInterleave] Task<ContainerGatewayAccess?> GetGatewayAccessAsync();

    [Alias("start")] Task<ContainerInfo> StartAsync();

    [Alias("stop")] Task<ContainerInfo> StopAsync(TimeSpan timeout);

    [Alias("restart")] Task<ContainerInfo> RestartAsync();

    /// <summary>Removes the container, its volume and its ingress rules (in the background); false when there is no such container.</summary>
    [Alias("delete")] Task<bool> DeleteAsync();

    /// <summary>Changes which of the owner's keys may log in (applied to the running container) and the restart policy.</summary>
    [Alias("update")] Task<ContainerInfo> UpdateAsync(ImmutableArray<Guid>? allowedKeys, RestartPolicy? restartPolicy);

    [Alias("add-ingress")] Task<IngressRule> AddIngressAsync(IngressRequest request);

    /// <summary>False when the container has no rule of that name.</summary>
    [Alias("remove-ingress")] Task<bool> RemoveIngressAsync(string name);

    /// <summary>
    /// A node's watcher saw this container in its engine. False: the container is not wanted there (no such
    /// container, or it lives on another node), so the node removes it.
    /// </summary>
    [Alias("observe"), AlwaysInterleave] Task<bool> ObserveAsync(string node, bool running);

    /// <summary>The owner's SSH keys changed (one was deleted): write the container's authorized_keys again.</summary>
    [Alias("keys-changed")] Task KeysChangedAsync();

    /// <summary>Reconciles now (the scheduler calls it when the container's node leaves); returns at once.</summary>
    [Alias("reconcile"), OneWay] Task ReconcileAsync();
}
