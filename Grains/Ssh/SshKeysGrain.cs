using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;
using EddCloud.Ssh.Protocol;

namespace EddCloud.Grains.Ssh;

[GenerateSerializer, Alias("edd.ssh.keys-state")]
public sealed record SshKeysState
{
    [Id(0)] public ImmutableArray<SshKeyInfo> Keys { get; init; } = [];
    [Id(1)] public bool Deleted { get; init; }
}

internal sealed partial class SshKeysGrain(
    [PersistentState("ssh-keys", StorageNames.Default)] IPersistentState<SshKeysState> state,
    TimeProvider time,
    ILogger<SshKeysGrain> logger) : Grain, ISshKeysGrain
{
    public const int MaxKeys = 50;
    public const int MaxNameLength = 64;

    private Guid UserId => this.GetPrimaryKey();

    /// <summary>
    /// Writes this user's entries in the key index again: one lost to a crash between the two writes, or a key
    /// added before the index existed, is found again the next time the user's keys are read (containers read them
    /// on every start).
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(state.State.Keys.Select(key => Index(key.Fingerprint).AddAsync(UserId))).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The keys themselves stay usable; only the short gateway login waits for the next activation.
            LogIndexRepairFailed(logger, UserId, exception);
        }
    }

    public Task<ImmutableArray<SshKeyInfo>> ListAsync() => Task.FromResult(state.State.Keys);

    public async Task<SshKeyInfo> AddAsync(string? name, string publicKey)
    {
        if (state.State.Deleted)
            throw EddException.NotFound("This user was deleted.");
        var key = SshKeyLines.Parse(publicKey);
        var display = name is null ? DefaultName(key) : ValidName(name);
        if (state.State.Keys.FirstOrDefault(k => k.Fingerprint == key.Fingerprint) is { } existing)
            throw EddException.Conflict($"You already added this key, as '{existing.Name}'.", "publicKey");
        if (state.State.Keys.Length >= MaxKeys)
            throw EddException.Conflict($"You have {MaxKeys} keys, the most one user may hold; delete one first.");
        var info = new SshKeyInfo(Guid.NewGuid(), display, key.Type, key.Bits, key.Fingerprint, key.Line, time.GetUtcNow());
        // Index first: a crash between the writes leaves an entry without a key, which readers ignore, never a key
        // the gateway cannot find.
        await Index(key.Fingerprint).AddAsync(UserId);
        await state.WriteAsync(state.State with { Keys = state.State.Keys.Add(info) });
        return info;
    }

    public async Task<SshKeyInfo> RenameAsync(Guid keyId, string name)
    {
        var key = Find(keyId) ?? throw NotFound();
        var renamed = key with { Name = ValidName(name) };
        if (renamed != key)
            await state.WriteAsync(state.State with { Keys = state.State.Keys.Replace(key, renamed) });
        return renamed;
    }

    public async Task<bool> DeleteAsync(Guid keyId)
    {
        if (Find(keyId) is not { } key)
            return false;
        await state.WriteAsync(state.State with { Keys = state.State.Keys.Remove(key) });
        // Containers that allowed the key write their authorized_keys again: a revoked key stops working at once.
        await GrainFactory.GetGrain<Compute.IComputeAccountGrain>(this.GetPrimaryKey()).KeysChangedAsync();
        await ForgetAsync([key]);
        return true;
    }

    public async Task DeleteAllAsync()
    {
        var keys = state.State.Keys;
        if (!state.State.Deleted || !keys.IsEmpty)
            await state.WriteAsync(new SshKeysState { Deleted = true });
        await ForgetAsync(keys);
    }

    /// <summary>
    /// Clears the keys' index entries after the keys themselves are gone. Best effort: an entry left behind only
    /// sends the gateway to look at this user's keys, where the key is not, so a failure here must not fail the
    /// deletion that already happened.
    /// </summary>
    private async Task ForgetAsync(IEnumerable<SshKeyInfo> keys)
    {
        try
        {
            await Task.WhenAll(keys.Select(key => Index(key.Fingerprint).RemoveAsync(UserId)));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogIndexForgetFailed(logger, UserId, exception);
        }
    }

    private ISshKeyIndexGrain Index(string fingerprint) => GrainFactory.GetGrain<ISshKeyIndexGrain>(fingerprint);

    private SshKeyInfo? Find(Guid keyId) => state.State.Keys.FirstOrDefault(k => k.Id == keyId);

    private static EddException NotFound() => EddException.NotFound("You have no such SSH key; see GET /api/me/ssh-keys.");

    private static string ValidName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
            throw EddException.Validation("name", "A key needs a name, e.g. laptop.");
        if (trimmed.Length > MaxNameLength)
            throw EddException.Validation("name", $"A key's name may be at most {MaxNameLength} characters.");
        if (trimmed.Any(char.IsControl))
            throw EddException.Validation("name", "A key's name must not contain control characters.");
        return trimmed;
    }

    /// <summary>The key's comment (usually user@host) as far as it makes a valid name, else its type.</summary>
    private static string DefaultName(SshPublicKey key)
    {
        var comment = new string((key.Comment ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return comment.Length == 0 ? key.Type : comment.Length > MaxNameLength ? comment[..MaxNameLength] : comment;
    }

    [LoggerMessage(EventId = 8502, Level = LogLevel.Warning, Message = "User {UserId}: could not clear deleted SSH keys from the key index; the entries are left as stale hints")]
    private static partial void LogIndexForgetFailed(ILogger logger, Guid userId, Exception exception);

    [LoggerMessage(EventId = 8501, Level = LogLevel.Warning, Message = "User {UserId}: could not write the SSH key index entries again")]
    private static partial void LogIndexRepairFailed(ILogger logger, Guid userId, Exception exception);
}
