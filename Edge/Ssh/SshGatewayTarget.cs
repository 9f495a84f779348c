using EddCloud.Grains.Compute;
using EddCloud.Grains.Ssh;
using EddCloud.Grains.Users;
using Microsoft.Extensions.Caching.Memory;

namespace EddCloud.Edge.Ssh;

/// <summary>The container a login names, once the key is allowed on it.</summary>
public sealed record SshGatewayTarget(Guid ContainerId, string Name, string Owner, ContainerGatewayAccess Access);

/// <summary>
/// Decides gateway logins through grains: <c>&lt;user&gt;.&lt;container&gt;</c> names the container, and the key must
/// be one the owner allowed on it. Answers are kept for a few seconds, so a burst of connections costs one lookup,
/// and a revoked key or a stopped container takes effect within that time.
/// </summary>
public sealed class SshGatewayResolver(IClusterClient cluster, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    /// <summary>The target, or the message that tells the user why not.</summary>
    public async Task<(SshGatewayTarget? Target, string? Refusal)> ResolveAsync(string login, string fingerprint, CancellationToken cancellationToken)
    {
        var key = $"{login}\n{fingerprint}";
        if (cache.TryGetValue(key, out (SshGatewayTarget?, string?) cached))
            return cached;
        var answer = await LookUpAsync(login, fingerprint, cancellationToken);
        cache.Set(key, answer, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return answer;
    }

    private async Task<(SshGatewayTarget?, string?)> LookUpAsync(string login, string fingerprint, CancellationToken cancellationToken)
    {
        var dot = login.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == login.Length - 1)
            return (null, $"Log in as <user>.<container>, e.g. ssh -p <port> alice.web@<host> (got '{Shorten(login)}').");
        var username = login[..dot].ToLowerInvariant();
        var name = login[(dot + 1)..].ToLowerInvariant();
        if (username.Length > 64 || name.Length > 64)
            return (null, "No such container.");

        var owner = await cluster.GetGrain<IUsernameGrain>(username).GetOwnerAsync().WaitAsync(cancellationToken);
        var id = owner is { } ownerId ? await cluster.GetGrain<IComputeAccountGrain>(ownerId).FindAsync(name).WaitAsync(cancellationToken) : null;
        var container = id is { } containerId ? await cluster.GetGrain<IContainerGrain>(containerId).GetAsync().WaitAsync(cancellationToken) : null;
        // One answer for "no such user", "no such container" and "not your key": the gateway does not tell strangers what exists.
        const string refused = "This key may not log in to that container. Its owner allows keys on the container's page or with 'edd containers keys'.";
        if (container is null)
            return (null, refused);
        var keys = await cluster.GetGrain<ISshKeysGrain>(container.OwnerId).ListAsync().WaitAsync(cancellationToken);
        var presented = keys.FirstOrDefault(candidate => candidate.Fingerprint == fingerprint);
        if (presented is null || !container.AllowedKeys.Contains(presented.Id))
            return (null, refused);

        if (container.Status != ContainerStatus.Running)
            return (null, $"Container '{container.Name}' is {container.Status.ToString().ToLowerInvariant()}; start it from the dashboard or with 'edd containers start {container.Name}'.");
        var access = await cluster.GetGrain<IContainerGrain>(container.Id).GetGatewayAccessAsync().WaitAsync(cancellationToken);
        if (access is null)
            return (null, $"Container '{container.Name}' is starting its SSH server; try again in a few seconds.");
        return (new SshGatewayTarget(container.Id, container.Name, container.Owner, access), null);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
