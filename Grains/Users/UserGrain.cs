using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Events;
using EddCloud.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace EddCloud.Grains.Users;

internal sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Default)] IPersistentState<UserState> state,
    IEventPublisher events,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain, IRemindable
{
    /// <summary>Bounds the state: the oldest session is revoked when a user opens more.</summary>
    internal const int MaxSessions = 100;
    internal const int MaxApiTokens = 50;
    private const string OutboxReminder = "outbox";
    /// <summary>Last-seen times are kept in memory and written at most this often.</summary>
    private static readonly TimeSpan LastSeenWriteInterval = TimeSpan.FromMinutes(5);

    private Guid UserId => this.GetPrimaryKey();
    private UserState State => state.State;
    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.PendingEvents.IsEmpty || !State.DirectoryInSync)
            await FlushSideEffectsAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_lastSeenDirty && State.Exists)
            await state.WriteStateAsync(cancellationToken);
    }

    public async Task<UserInfo> CreateAsync(string username, string role, string passwordHash)
    {
        UsernameRules.Validate(username);
        if (!Roles.IsValid(role))
            throw EddException.Validation("role", "Role must be 'admin' or 'user'.");
        if (State.Username is not null)
            throw EddException.Conflict("A user with this id already exists.");

        var created = State with
        {
            Username = username,
            Role = role,
            PasswordHash = passwordHash,
            PasswordVersion = 1,
            CreatedAt = Now,
            DirectoryInSync = false,
        };
        var info = ToInfo(created);
        await CommitWithEventAsync(created, UserEvents.Created, new UserCreatedEvent(UserId, username, role));
        LogUserCreated(logger, UserId, role);
        return info;
    }

    public Task<UserInfo?> GetAsync() => Task.FromResult(State.Exists ? ToInfo(State) : null);

    public Task<UserCredential?> GetCredentialAsync() => Task.FromResult(
        State.Exists ? new UserCredential(ToInfo(State), State.PasswordHash, State.PasswordVersion) : null);

    public async Task<UserInfo> OpenSessionAsync(NewSession session)
    {
        RequireExists();
        if (session.PasswordVersion != State.PasswordVersion)
            throw EddException.Unauthorized("The password changed while signing in; sign in again.");

        var now = Now;
        var sessions = LiveSessions(now)
            .Add(new SessionRecord(session.SessionId, now, now, session.ExpiresAt, Truncate(session.Ip, 64), Truncate(session.UserAgent, 256)));
        if (sessions.Length > MaxSessions)
            sessions = sessions.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt)).RemoveRange(0, sessions.Length - MaxSessions);
        await state.WriteAsync(State with { Sessions = sessions });
        return ToInfo(State);
    }

    public Task<UserInfo?> ValidateSessionAsync(Guid sessionId, string? ip)
    {
        if (!State.Exists)
            return Task.FromResult<UserInfo?>(null);
        var now = Now;
        var index = State.Sessions.IndexOf(State.Sessions.FirstOrDefault(s => s.Id == sessionId)!);
        if (index < 0 || State.Sessions[index].ExpiresAt <= now)
            return Task.FromResult<UserInfo?>(null);

        // Seen-times are informational; keep them in memory and persist lazily to spare the store.
        var session = State.Sessions[index];
        var seen = session with { LastSeenAt = now, Ip = Truncate(ip, 64) ?? session.Ip };
        state.State = State with { Sessions = State.Sessions.SetItem(index, seen) };
        _lastSeenDirty = true;
        if (now - _lastSeenWritten > LastSeenWriteInterval)
        {
            _lastSeenWritten = now;
            _lastSeenDirty = false;
            return WriteSeenAsync();
        }
        return Task.FromResult<UserInfo?>(ToInfo(State));
    }

    public Task<ImmutableArray<SessionInfo>> ListSessionsAsync() => Task.FromResult(
        State.Exists
            ? LiveSessions(Now).Select(s => new SessionInfo(s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.Ip, s.UserAgent)).ToImmutableArray()
            : []);

    public async Task<bool> RevokeSessionAsync(Guid sessionId)
    {
        if (!State.Exists)
            return false;
        var live = LiveSessions(Now);
        var remaining = live.RemoveAll(s => s.Id == sessionId);
        if (remaining.Length == live.Length)
            return false;
        await state.WriteAsync(State with { Sessions = remaining });
        LogSessionRevoked(logger, UserId, sessionId);
        return true;
    }

    public async Task SetPasswordAsync(string passwordHash, Guid? keepSessionId)
    {
        RequireExists();
        var kept = LiveSessions(Now).Where(s => s.Id == keepSessionId).ToImmutableArray();
        await state.WriteAsync(State with
        {
            PasswordHash = passwordHash,
            PasswordVersion = State.PasswordVersion + 1,
            Sessions = kept,
        });
        LogPasswordChanged(logger, UserId, State.Sessions.Length);
    }

    public async Task<UserInfo> SetRoleAsync(string role)
    {
        RequireExists();
        if (!Roles.IsValid(role))
            throw EddException.Validation("role", "Role must be 'admin' or 'user'.");
        if (State.Role != role)
        {
            await state.WriteAsync(State with { Role = role, DirectoryInSync = false });
            await FlushSideEffectsAsync();
        }
        return ToInfo(State);
    }

    public async Task<ApiTokenInfo> CreateApiTokenAsync(NewApiToken token)
    {
        RequireExists();
        ValidateToken(token);
        var now = Now;
        var live = State.ApiTokens.RemoveAll(t => t.ExpiresAt <= now);
        if (live.Length >= MaxApiTokens)
            throw EddException.Conflict($"You already have {MaxApiTokens} API tokens; delete one you no longer use first.");
        if (live.Any(t => t.Id == token.TokenId))
            throw EddException.Conflict("An API token with this id already exists.");
        var record = new ApiTokenRecord(token.TokenId, token.Name.Trim(), token.Scopes, token.SecretHash, now, token.ExpiresAt, null);
        await state.WriteAsync(State with { ApiTokens = live.Add(record) });
        return ToInfo(record);
    }

    public Task<ImmutableArray<ApiTokenInfo>> ListApiTokensAsync() => Task.FromResult(
        State.Exists ? State.ApiTokens.Where(t => t.ExpiresAt > Now).Select(ToInfo).ToImmutableArray() : []);

    public async Task<bool> DeleteApiTokenAsync(Guid tokenId)
    {
        if (!State.Exists || !State.ApiTokens.Any(t => t.Id == tokenId))
            return false;
        await state.WriteAsync(State with { ApiTokens = State.ApiTokens.RemoveAll(t => t.Id == tokenId) });
        return true;
    }

    public Task<ApiTokenGrant?> ValidateApiTokenAsync(Guid tokenId, byte[] secretHash)
    {
        if (!State.Exists)
            return Task.FromResult<ApiTokenGrant?>(null);
        var now = Now;
        var index = State.ApiTokens.IndexOf(State.ApiTokens.FirstOrDefault(t => t.Id == tokenId)!);
        if (index < 0)
            return Task.FromResult<ApiTokenGrant?>(null);
        var token = State.ApiTokens[index];
        if (token.ExpiresAt <= now || !CryptographicOperations.FixedTimeEquals(token.SecretHash, secretHash))
            return Task.FromResult<ApiTokenGrant?>(null);

        state.State = State with { ApiTokens = State.ApiTokens.SetItem(index, token with { LastUsedAt = now }) };
        _lastSeenDirty = true;
        // An admin scope is only worth something while its owner is still an admin.
        var scopes = State.Role == Roles.Admin ? token.Scopes : token.Scopes.RemoveAll(Scopes.RequiresAdmin);
        return Task.FromResult<ApiTokenGrant?>(new ApiTokenGrant(ToInfo(State), token.Id, scopes));
    }

    public async Task<bool> DeleteAsync()
    {
        if (!State.Exists)
            return false;
        var username = State.Username!;
        var deleted = State with
        {
            Deleted = true,
            PasswordHash = "",
            Sessions = [],
            ApiTokens = [],
            DirectoryInSync = false,
        };
        await CommitWithEventAsync(deleted, UserEvents.Deleted, new UserDeletedEvent(UserId, username));
        LogUserDeleted(logger, UserId);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == OutboxReminder)
            await FlushSideEffectsAsync();
    }

    private bool _lastSeenDirty;
    private DateTimeOffset _lastSeenWritten = DateTimeOffset.MinValue;

    private async Task<UserInfo?> WriteSeenAsync()
    {
        await state.WriteStateAsync();
        return ToInfo(State);
    }

    /// <summary>
    /// Writes a change together with the event it causes. The outbox reminder is registered first,
    /// so an event written to state is published even if the process dies right after the write.
    /// </summary>
    private async Task CommitWithEventAsync<TPayload>(UserState next, string subject, TPayload payload)
    {
        var envelope = new EventEnvelope(Guid.NewGuid(), subject, Now, JsonSerializer.Serialize(payload, EventJson.Options));
        await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        await state.WriteAsync(next with { PendingEvents = next.PendingEvents.Add(envelope) });
        await FlushSideEffectsAsync();
    }

    /// <summary>Brings the directory and the username index up to date and publishes pending events; retried by the reminder.</summary>
    private async Task FlushSideEffectsAsync()
    {
        var failed = false;
        if (!State.DirectoryInSync)
        {
            try
            {
                await SyncIndexesAsync();
                await state.WriteAsync(State with { DirectoryInSync = true });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed = true;
                LogSideEffectFailed(logger, UserId, "directory", ex);
            }
        }

        var published = new List<Guid>();
        foreach (var envelope in State.PendingEvents)
        {
            try
            {
                await events.PublishAsync(envelope);
                published.Add(envelope.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed = true;
                LogSideEffectFailed(logger, UserId, envelope.Subject, ex);
                break;
            }
        }
        if (published.Count > 0)
            await state.WriteAsync(State with { PendingEvents = State.PendingEvents.RemoveAll(e => published.Contains(e.Id)) });

        if (failed)
            await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        else if (await this.GetReminder(OutboxReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    private async Task SyncIndexesAsync()
    {
        var username = State.Username!;
        var directory = UserDirectory.BucketFor(GrainFactory, username);
        if (State.Deleted)
        {
            await directory.RemoveAsync(UserId, username);
            await GrainFactory.GetGrain<IUsernameGrain>(UsernameRules.Normalize(username)).ReleaseAsync(UserId);
        }
        else
        {
            await directory.UpsertAsync(ToInfo(State));
        }
    }

    private ImmutableArray<SessionRecord> LiveSessions(DateTimeOffset now) => State.Sessions.RemoveAll(s => s.ExpiresAt <= now);

    private void RequireExists()
    {
        if (!State.Exists)
            throw EddException.NotFound("No such user.");
    }

    private void ValidateToken(NewApiToken token)
    {
        if (string.IsNullOrWhiteSpace(token.Name) || token.Name.Trim().Length > 64)
            throw EddException.Validation("name", "Token name is required and must be at most 64 characters.");
        if (token.Scopes.IsDefaultOrEmpty)
            throw EddException.Validation("scopes", $"Give the token at least one scope: {string.Join(", ", Scopes.All)}.");
        foreach (var scope in token.Scopes)
        {
            if (!Scopes.IsKnown(scope))
                throw EddException.Validation("scopes", $"Unknown scope '{scope}'; known scopes: {string.Join(", ", Scopes.All)}.");
            if (Scopes.RequiresAdmin(scope) && State.Role != Roles.Admin)
                throw EddException.Forbidden($"Only admins can create tokens with the scope '{scope}'.");
        }
        if (token.ExpiresAt <= Now)
            throw EddException.Validation("expiresInDays", "The token must expire in the future.");
        if (token.SecretHash is not { Length: 32 })
            throw EddException.Validation("secret", "The token secret hash must be 32 bytes (SHA-256).");
    }

    private UserInfo ToInfo(UserState s) => new(UserId, s.Username!, s.Role, s.CreatedAt);

    private static ApiTokenInfo ToInfo(ApiTokenRecord t) => new(t.Id, t.Name, t.Scopes, t.CreatedAt, t.ExpiresAt, t.LastUsedAt);

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
