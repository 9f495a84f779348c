using System.Collections.Immutable;

namespace EddCloud.Grains.Ssh;

/// <summary>
/// Which users registered a key, keyed by the key's fingerprint (<see cref="SshKeyInfo.Fingerprint"/>): the SSH
/// gateway knows only the presented key when a login names just a container. Kept by <see cref="ISshKeysGrain"/>.
/// An entry only says where to look: it may be stale after a crash, so readers check the user's own key list.
/// </summary>
[Alias("edd.ssh.ISshKeyIndexGrain")]
public interface ISshKeyIndexGrain : IGrainWithStringKey
{
    /// <summary>Records that the user has the key. Idempotent.</summary>
    [Alias("add")] Task AddAsync(Guid userId);

    /// <summary>Forgets that the user has the key. Idempotent.</summary>
    [Alias("remove")] Task RemoveAsync(Guid userId);

    /// <summary>The users recorded for the key (possibly some that deleted it since).</summary>
    [Alias("users")] Task<ImmutableArray<Guid>> GetUsersAsync();
}
