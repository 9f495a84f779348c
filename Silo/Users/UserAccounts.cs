using System.Collections.Immutable;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Tokens;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users;

/// <summary>
/// The Users capability's operations that span several grains or need CPU-heavy hashing off the
/// grain scheduler: creating users, signing in, changing passwords, minting API tokens.
/// </summary>
public sealed partial class UserAccounts(
    IGrainFactory grains,
    PasswordHasher hasher,
    SessionTokens sessionTokens,
    IOptions<AuthOptions> auth,
    TimeProvider time,
    ILogger<UserAccounts> logger)
{
    public async Task<UserInfo> CreateUserAsync(string? username, string? password, string? role)
    {
        UsernameRules.Validate(username);
        role ??= Roles.User;
        if (!Roles.IsValid(role))
            throw EddException.Validation("role", "Role must be 'admin' or 'user'.");
        PasswordRules.Validate(password, username);
        var hash = PasswordHasher.Hash(password!);

        var userId = Guid.NewGuid();
        var name = grains.GetGrain<IUsernameGrain>(UsernameRules.Normalize(username!));
        var owner = await name.ClaimAsync(userId);
        if (owner != userId)
        {
            // A claim whose user never came to be (a crash mid-create) or was deleted may be taken over.
            if (await grains.GetGrain<IUserGrain>(owner).GetAsync() is not null || !await name.TakeOverAsync(owner, userId))
                throw EddException.Conflict($"The username '{username}' is taken; choose another.", "username");
        }
        return await grains.GetGrain<IUserGrain>(userId).CreateAsync(username!, role, hash);
    }

    public async Task<UserInfo?> FindByUsernameAsync(string username)
    {
        var owner = await grains.GetGrain<IUsernameGrain>(UsernameRules.Normalize(username)).GetOwnerAsync();
        return owner is { } id ? await grains.GetGrain<IUserGrain>(id).GetAsync() : null;
    }

    /// <summary>Verifies a password and opens a session. Unknown users cost the same time as wrong passwords.</summary>
    public async Task<SignIn> SignInAsync(string? username, string? password, string ip, string? userAgent)
    {
        if (string.IsNullOrEmpty(username) || username.Length > UsernameRules.MaxLength)
            throw EddException.Validation("username", "Username is required (at most 32 characters).");
        if (string.IsNullOrEmpty(password) || password.Length > PasswordRules.MaxLength)
            throw EddException.Validation("password", "Password is required (at most 256 characters).");

        var throttle = grains.GetGrain<ILoginThrottleGrain>(UsernameRules.Normalize(username));
        if (await throttle.CheckAsync(ip) is { } wait)
            throw new SignInThrottledException(wait);

        var owner = await grains.GetGrain<IUsernameGrain>(UsernameRules.Normalize(username)).GetOwnerAsync();
        var credential = owner is { } id ? await grains.GetGrain<IUserGrain>(id).GetCredentialAsync() : null;
        if (!hasher.Verify(password, credential?.PasswordHash) || credential is null)
        {
            await throttle.RecordFailureAsync(ip);
            LogSignInFailed(logger, ip);
            throw EddException.Unauthorized("Wrong username or password.");
        }
        await throttle.RecordSuccessAsync(ip);

        var sessionId = Guid.NewGuid();
        var expiresAt = time.GetUtcNow() + sessionTokens.Lifetime;
        var user = await grains.GetGrain<IUserGrain>(credential.User.Id)
            .OpenSessionAsync(new NewSession(sessionId, credential.PasswordVersion, expiresAt, ip, userAgent));
        var token = await sessionTokens.IssueAsync(user, sessionId, expiresAt);
        LogSignedIn(logger, user.Id, sessionId);
        return new SignIn(user, sessionId, token, expiresAt);
    }

    public async Task ChangeOwnPasswordAsync(Guid userId, Guid sessionId, string? currentPassword, string? newPassword)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        var credential = await user.GetCredentialAsync() ?? throw EddException.NotFound("No such user.");
        if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > PasswordRules.MaxLength
            || !hasher.Verify(currentPassword, credential.PasswordHash))
            throw EddException.Validation("currentPassword", "The current password is wrong.");
        PasswordRules.Validate(newPassword, credential.User.Username, "newPassword");
        await user.SetPasswordAsync(PasswordHasher.Hash(newPassword!), keepSessionId: sessionId);
    }

    public async Task ResetPasswordAsync(Guid userId, string? newPassword)
    {
        var user = grains.GetGrain<IUserGrain>(userId);
        var info = await user.GetAsync() ?? throw EddException.NotFound("No such user.");
        PasswordRules.Validate(newPassword, info.Username, "newPassword");
        await user.SetPasswordAsync(PasswordHasher.Hash(newPassword!), keepSessionId: null);
    }

    public async Task<(string Token, ApiTokenInfo Info)> CreateApiTokenAsync(Guid userId, string? name, IReadOnlyList<string>? scopes, int? expiresInDays)
    {
        var days = expiresInDays ?? 30;
        if (days < 1 || days > auth.Value.MaxApiTokenDays)
            throw EddException.Validation("expiresInDays", $"expiresInDays must be between 1 and {auth.Value.MaxApiTokenDays}.");
        var tokenId = Guid.NewGuid();
        var (token, secretHash) = ApiTokenFormat.Create(userId, tokenId);
        var info = await grains.GetGrain<IUserGrain>(userId).CreateApiTokenAsync(new NewApiToken(
            tokenId, name ?? "", [.. (scopes ?? []).Distinct(StringComparer.Ordinal)], secretHash, time.GetUtcNow().AddDays(days)));
        return (token, info);
    }

    public static async Task<(ImmutableArray<UserInfo> Items, string? Next)> ListUsersAsync(IGrainFactory grains, string? after, int? limit)
    {
        var size = limit ?? 50;
        if (size < 1 || size > 200)
            throw EddException.Validation("limit", "limit must be between 1 and 200.");
        if (after is { Length: > UsernameRules.MaxLength })
            throw EddException.Validation("after", "after must be a cursor returned as 'next' by a previous page.");
        return await UserDirectory.ListAsync(grains, after, size);
    }

    public sealed record SignIn(UserInfo User, Guid SessionId, string Token, DateTimeOffset ExpiresAt);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "User {UserId} signed in, session {SessionId}")]
    private static partial void LogSignedIn(ILogger logger, Guid userId, Guid sessionId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Failed sign-in from {Ip}")]
    private static partial void LogSignInFailed(ILogger logger, string ip);
}

/// <summary>Too many failed sign-ins for one username from one address; the caller waits <see cref="RetryAfter"/>.</summary>
public sealed class SignInThrottledException(TimeSpan retryAfter)
    : Exception($"Too many failed sign-ins for this username from your address; try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
