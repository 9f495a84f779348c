using EddCloud.Grains.Compute;
using EddCloud.Grains.Ssh;
using EddCloud.Grains.Users;
using Microsoft.Extensions.Caching.Memory;

namespace EddCloud.Edge.Ssh;

/// <summary>
/// Decides gateway logins through grains. <c>&lt;user&gt;.&lt;container&gt;</c> names the container; a bare
/// <c>&lt;container&gt;</c> is looked for among the users that registered the presented key. Either way the key must
/// be one the owner has and allowed on the container. Answers are kept for a few seconds, so a burst of connections
/// costs one lookup, and a revoked key or a stopped container takes effect within that time.
/// </summary>
public sealed class SshGatewayResolver(IClusterClient cluster, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    // One answer for "no such user", "no such container" and "not your key": the gateway does not tell strangers what exists.
    private const string Refused = "This key may not log in to that container. Its owner allows keys on the container's page or with 'edd containers keys'.";

    // Users that registered the same key looked at for a short login; more is no real use of one key.
    private const int MaxKeyOwners = 20;

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
        if (dot < 0)
            return await LookUpByKeyAsync(login.ToLowerInvariant(), fingerprint, cancellationToken);
        if (dot == 0 || dot == login.Length - 1)
            return (null, $"Log in as <container> or <user>.<container>, e.g. ssh -p <port> web@<host> (got '{Shorten(login)}').");
        var username = login[..dot].ToLowerInvariant();
        var name = login[(dot + 1)..].ToLowerInvariant();
        if (username.Length > 64 || name.Length > 64)
            return (null, Refused);

        var owner = await cluster.GetGrain<IUsernameGrain>(username).GetOwnerAsync().WaitAsync(cancellationToken);
        var container = owner is { } ownerId ? await FindAllowedAsync(ownerId, name, fingerprint, cancellationToken) : null;
        return container is null ? (null, Refused) : await AccessAsync(container, cancellationToken);
    }

    /// <summary>The short form: the one container of that name, among the key's users, that the key may log in to.</summary>
    private async Task<(SshGatewayTarget?, string?)> LookUpByKeyAsync(string name, string fingerprint, CancellationToken cancellationToken)
    {
        if (name.Length is 0 or > 64)
            return (null, Refused);
        var users = await cluster.GetGrain<ISshKeyIndexGrain>(fingerprint).GetUsersAsync().WaitAsync(cancellationToken);
        // Each candidate is checked against its own key list: an index entry left by a crash lets nothing in.
        var found = (await Task.WhenAll(users.Take(MaxKeyOwners).Select(user => FindAllowedAsync(user, name, fingerprint, cancellationToken))))
            .OfType<ContainerInfo>().ToList();
        if (found.Count > 1)
        {
            var logins = string.Join(" or ", found.Select(c => $"{c.Owner}.{c.Name}").Order(StringComparer.Ordinal));
            return (null, $"This key may log in to several containers named '{name}'; log in as <user>.<container>: {logins}.");
        }

        return found.Count == 1 ? await AccessAsync(found[0], cancellationToken) : (null, Refused);
    }

    /// <summary>The user's container of that name, if the user has the key and allowed it on the container.</summary>
    private async Task<ContainerInfo?> FindAllowedAsync(Guid userId, string name, string fingerprint, CancellationToken cancellationToken)
    {
        var id = await cluster.GetGrain<IComputeAccountGrain>(userId).FindAsync(name).WaitAsync(cancellationToken);
        if (id is not { } containerId)
            return null;
        var container = await cluster.GetGrain<IContainerGrain>(containerId).GetAsync().WaitAsync(cancellationToken);
        if (container is null)
            return null;
        var keys = await cluster.GetGrain<ISshKeysGrain>(container.OwnerId).ListAsync().WaitAsync(cancellationToken);
        var presented = keys.FirstOrDefault(candidate => candidate.Fingerprint == fingerprint);
        return presented is not null && container.AllowedKeys.Contains(presented.Id) ? container : null;
    }

    private async Task<(SshGatewayTarget?, string?)> AccessAsync(ContainerInfo container, CancellationToken cancellationToken)
    {
        if (container.Status != ContainerStatus.Running)
            return (null, $"Container '{container.Name}' is {container.Status.ToString().ToLowerInvariant()}; start it from the dashboard or with 'edd containers start {container.Name}'.");
        var access = await cluster.GetGrain<IContainerGrain>(container.Id).GetGatewayAccessAsync().WaitAsync(cancellationToken);
        if (access is null)
            return (null, $"Container '{container.Name}' is starting its SSH server; try again in a few seconds.");
        return (new SshGatewayTarget(container.Id, container.Name, container.Owner, access), null);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
