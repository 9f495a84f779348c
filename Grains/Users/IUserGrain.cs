using System.Collections.Immutable;

namespace EddCloud.Grains.Users;

/// <summary>
/// One user: profile, role, password hash, sessions and API tokens. Keyed by user id.
/// Callers are silo code that has already authorised the request; password hashing happens
/// outside the grain (it is CPU-bound), the grain stores and compares hashes.
/// </summary>
[Alias("edd.users.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the user; fails with conflict when this id already holds a user.</summary>
    [Alias("create")] Task<UserInfo> CreateAsync(string username, string role, string passwordHash);

    /// <summary>The user, or null when it does not exist or was deleted.</summary>
    [Alias("get")] Task<UserInfo?> GetAsync();

    /// <summary>The password hash to verify a sign-in against, or null for no such user.</summary>
    [Alias("credential")] Task<UserCredential?> GetCredentialAsync();

    /// <summary>Records a session opened after a verified sign-in; fails when the password changed meanwhile.</summary>
    [Alias("open-session")] Task<UserInfo> OpenSessionAsync(NewSession session);

    /// <summary>The user if the session is live (not revoked, not expired); records it as seen.</summary>
    [Alias("validate-session")] Task<UserInfo?> ValidateSessionAsync(Guid sessionId, string? ip);

    [Alias("sessions")] Task<ImmutableArray<SessionInfo>> ListSessionsAsync();

    /// <summary>Revokes one session; false when there was no such live session.</summary>
    [Alias("revoke-session")] Task<bool> RevokeSessionAsync(Guid sessionId);

    /// <summary>Replaces the password hash and revokes every session except <paramref name="keepSessionId"/>.</summary>
    [Alias("set-password")] Task SetPasswordAsync(string passwordHash, Guid? keepSessionId);

    [Alias("set-role")] Task<UserInfo> SetRoleAsync(string role);

    [Alias("create-token")] Task<ApiTokenInfo> CreateApiTokenAsync(NewApiToken token);

    [Alias("tokens")] Task<ImmutableArray<ApiTokenInfo>> ListApiTokensAsync();

    [Alias("delete-token")] Task<bool> DeleteApiTokenAsync(Guid tokenId);

    /// <summary>The grant of a live API token whose secret hashes to <paramref name="secretHash"/>, else null.</summary>
    [Alias("validate-token")] Task<ApiTokenGrant?> ValidateApiTokenAsync(Guid tokenId, byte[] secretHash);

    /// <summary>Deletes the user, revokes all it holds and publishes users.deleted; false when already gone.</summary>
    [Alias("delete")] Task<bool> DeleteAsync();
}
