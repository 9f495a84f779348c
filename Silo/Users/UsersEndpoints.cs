using EddCloud.Grains.Users;
using EddCloud.Silo.Users.Auth;

namespace EddCloud.Silo.Users;

/// <summary>The Users API: sign-in, the caller's own account, and user administration (docs/api.md).</summary>
public static partial class UsersEndpoints
{
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", LoginWithCookieAsync).WithName("Login").WithSummary("Sign in for the dashboard: sets the session and CSRF cookies.")
            .AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        auth.MapPost("/token", LoginWithTokenAsync).WithName("CreateSessionToken").WithSummary("Sign in for the CLI and scripts: returns a bearer session token.")
            .AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        auth.MapPost("/logout", LogoutAsync).WithName("Logout").WithSummary("Revoke the current session and clear the cookies.")
            .RequireAuthorization(Policies.SessionOnly);
        auth.MapGet("/jwks", GetJwksAsync).WithName("Jwks").WithSummary("The public keys that verify session tokens.").AllowAnonymous();

        var me = app.MapGroup("/api/me").WithTags("Account");
        me.MapGet("/", GetMeAsync).WithName("GetMe").WithSummary("The signed-in user.").RequireAuthorization(Policies.Scope(Scopes.AccountRead));
        me.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Change your password; revokes your other sessions.")
            .RequireAuthorization(Policies.SessionOnly);
        me.MapGet("/sessions", ListMySessionsAsync).WithName("ListMySessions").RequireAuthorization(Policies.SessionOnly);
        me.MapDelete("/sessions/{id:guid}", RevokeMySessionAsync).WithName("RevokeMySession").RequireAuthorization(Policies.SessionOnly);
        me.MapGet("/tokens", ListMyTokensAsync).WithName("ListMyApiTokens").RequireAuthorization(Policies.SessionOnly);
        me.MapPost("/tokens", CreateMyTokenAsync).WithName("CreateApiToken").WithSummary("Create a scoped API token; it is shown once.")
            .RequireAuthorization(Policies.SessionOnly);
        me.MapDelete("/tokens/{id:guid}", DeleteMyTokenAsync).WithName("DeleteApiToken").RequireAuthorization(Policies.SessionOnly);

        var admin = app.MapGroup("/api/admin/users").WithTags("Admin");
        admin.MapGet("/", ListUsersAsync).WithName("ListUsers").WithSummary("Users in name order, keyset-paged.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        admin.MapPost("/", CreateUserAsync).WithName("CreateUser").RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        admin.MapGet("/{id:guid}", GetUserAsync).WithName("GetUser").RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        admin.MapDelete("/{id:guid}", DeleteUserAsync).WithName("DeleteUser").WithSummary("Delete a user: revokes everything it holds and tells every capability.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        admin.MapPut("/{id:guid}/role", SetRoleAsync).WithName("SetUserRole").RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        admin.MapPost("/{id:guid}/password", ResetPasswordAsync).WithName("ResetUserPassword").WithSummary("Set a new password; revokes all the user's sessions.")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        admin.MapGet("/{id:guid}/sessions", ListUserSessionsAsync).WithName("ListUserSessions").RequireAuthorization(Policies.Scope(Scopes.AdminRead));
        admin.MapDelete("/{id:guid}/sessions/{sessionId:guid}", RevokeUserSessionAsync).WithName("RevokeUserSession")
            .RequireAuthorization(Policies.Scope(Scopes.AdminWrite));
        return app;
    }

    private static Caller CallerOf(HttpContext context) =>
        Caller.From(context.User) ?? throw new InvalidOperationException("An authorized endpoint ran without a caller.");
}
