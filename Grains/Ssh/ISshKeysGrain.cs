using System.Collections.Immutable;
using Orleans.Concurrency;

namespace EddCloud.Grains.Ssh;

/// <summary>A user's SSH public keys, keyed by user id. Callers are silo code that has authorized the request.</summary>
[Alias("edd.ssh.ISshKeysGrain")]
public interface ISshKeysGrain : IGrainWithGuidKey
{
    /// <summary>Interleaves: containers read the keys while a key deletion waits for those containers to hear of it.</summary>
    [Alias("list"), AlwaysInterleave] Task<ImmutableArray<SshKeyInfo>> ListAsync();

    /// <summary>Adds a key (validated by <see cref="SshKeyLines.Parse"/>); conflict when the user already has it.</summary>
    [Alias("add")] Task<SshKeyInfo> AddAsync(string? name, string publicKey);

    [Alias("rename")] Task<SshKeyInfo> RenameAsync(Guid keyId, string name);

    /// <summary>False when the user has no such key.</summary>
    [Alias("delete")] Task<bool> DeleteAsync(Guid keyId);

    /// <summary>The user was deleted: every key goes and no new one is accepted. Idempotent.</summary>
    [Alias("delete-all")] Task DeleteAllAsync();
}

/// <summary>One stored key. <see cref="PublicKey"/> is "type base64" (the comment is not kept).</summary>
[GenerateSerializer, Immutable, Alias("edd.ssh.key")]
public sealed record SshKeyInfo(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Type,
    [property: Id(3)] int Bits,
    [property: Id(4)] string Fingerprint,
    [property: Id(5)] string PublicKey,
    [property: Id(6)] DateTimeOffset CreatedAt);
