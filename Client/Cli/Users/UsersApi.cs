using System.Globalization;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Users;

/// <summary>
/// The sign-in, account and user endpoints (<c>/api/auth</c>, <c>/api/me</c>, <c>/api/admin/users</c>; docs/api.md)
/// over <see cref="EddApiClient"/>.
/// </summary>
public sealed class UsersApi(EddApiClient api)
{
    private static readonly UsersJsonContext Json = UsersJsonContext.Default;

    public Task<ApiResponse<TokenResponse>> CreateSessionTokenAsync(string username, string password, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, "api/auth/token", new CredentialsRequest(username, password), Json.CredentialsRequest, Json.TokenResponse, ct);

    public Task LogoutAsync(CancellationToken ct) => api.PostAsync("api/auth/logout", ct);

    public Task<ApiResponse<User>> GetMeAsync(CancellationToken ct) => api.GetJsonAsync("api/me", Json.User, ct);

    public Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken ct) =>
        api.SendNoContentAsync(HttpMethod.Post, "api/me/password", new ChangePasswordRequest(currentPassword, newPassword), Json.ChangePasswordRequest, ct);

    public Task<ApiResponse<ItemList<Session>>> ListMySessionsAsync(CancellationToken ct) => api.GetJsonAsync("api/me/sessions", Json.ItemListSession, ct);

    public Task RevokeMySessionAsync(string sessionId, CancellationToken ct) => api.DeleteAsync($"api/me/sessions/{Segment(sessionId)}", ct);

    public Task<ApiResponse<ItemList<ApiToken>>> ListMyTokensAsync(CancellationToken ct) => api.GetJsonAsync("api/me/tokens", Json.ItemListApiToken, ct);

    public Task<ApiResponse<CreateApiTokenResponse>> CreateTokenAsync(string name, IReadOnlyList<string> scopes, int expiresInDays, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, "api/me/tokens", new CreateApiTokenRequest(name, scopes, expiresInDays), Json.CreateApiTokenRequest, Json.CreateApiTokenResponse, ct);

    public Task DeleteTokenAsync(string tokenId, CancellationToken ct) => api.DeleteAsync($"api/me/tokens/{Segment(tokenId)}", ct);

    /// <summary>An empty <paramref name="after"/> counts as none, as a missing one.</summary>
    public Task<ApiResponse<UserPage>> ListUsersAsync(string? after, int? limit, CancellationToken ct) =>
        api.GetJsonAsync(
            QueryString.With("api/admin/users", ("after", string.IsNullOrEmpty(after) ? null : after), ("limit", limit?.ToString(CultureInfo.InvariantCulture))),
            Json.UserPage, ct);

    public Task<ApiResponse<User>> CreateUserAsync(string username, string password, string role, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, "api/admin/users", new CreateUserRequest(username, password, role), Json.CreateUserRequest, Json.User, ct);

    public Task<ApiResponse<User>> GetUserAsync(string userId, CancellationToken ct) => api.GetJsonAsync(UserUrl(userId), Json.User, ct);

    public Task DeleteUserAsync(string userId, CancellationToken ct) => api.DeleteAsync(UserUrl(userId), ct);

    public Task<ApiResponse<User>> SetRoleAsync(string userId, string role, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Put, UserUrl(userId) + "/role", new SetRoleRequest(role), Json.SetRoleRequest, Json.User, ct);

    public Task ResetPasswordAsync(string userId, string newPassword, CancellationToken ct) =>
        api.SendNoContentAsync(HttpMethod.Post, UserUrl(userId) + "/password", new ResetPasswordRequest(newPassword), Json.ResetPasswordRequest, ct);

    public Task<ApiResponse<ItemList<Session>>> ListUserSessionsAsync(string userId, CancellationToken ct) =>
        api.GetJsonAsync(UserUrl(userId) + "/sessions", Json.ItemListSession, ct);

    public Task RevokeUserSessionAsync(string userId, string sessionId, CancellationToken ct) =>
        api.DeleteAsync($"{UserUrl(userId)}/sessions/{Segment(sessionId)}", ct);

    private static string UserUrl(string userId) => "api/admin/users/" + Segment(userId);

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
