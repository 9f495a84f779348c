using EddCloud.Silo.Users.Auth;
using EddCloud.Silo.Users.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users;

public static partial class UsersEndpoints
{
    private static async Task<Ok<CookieLoginResponse>> LoginWithCookieAsync(
        LoginRequest request, HttpContext context, UserAccounts accounts, IOptions<AuthOptions> auth)
    {
        var signIn = await SignInAsync(request, context, accounts);
        var csrf = CsrfProtection.NewToken();
        var cookie = new CookieOptions
        {
            Secure = auth.Value.CookieSecure,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Expires = signIn.ExpiresAt,
            IsEssential = true,
        };
        context.Response.Cookies.Append(EddAuthenticationHandler.SessionCookie, signIn.Token, new CookieOptions(cookie) { HttpOnly = true });
        context.Response.Cookies.Append(EddAuthenticationHandler.CsrfCookie, csrf, new CookieOptions(cookie) { HttpOnly = false });
        return TypedResults.Ok(new CookieLoginResponse(UserResponse.From(signIn.User), signIn.ExpiresAt, csrf));
    }

    private static async Task<Ok<TokenLoginResponse>> LoginWithTokenAsync(LoginRequest request, HttpContext context, UserAccounts accounts)
    {
        var signIn = await SignInAsync(request, context, accounts);
        return TypedResults.Ok(new TokenLoginResponse(signIn.Token, signIn.ExpiresAt, signIn.SessionId, UserResponse.From(signIn.User)));
    }

    private static Task<UserAccounts.SignIn> SignInAsync(LoginRequest request, HttpContext context, UserAccounts accounts) =>
        accounts.SignInAsync(request.Username, request.Password, context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);

    private static async Task<NoContent> LogoutAsync(HttpContext context, IGrainFactory grains, CredentialVerifier verifier)
    {
        var caller = CallerOf(context);
        await grains.GetGrain<Grains.Users.IUserGrain>(caller.UserId).RevokeSessionAsync(caller.SessionId!.Value);
        verifier.ForgetSession(caller.UserId, caller.SessionId.Value);
        context.Response.Cookies.Delete(EddAuthenticationHandler.SessionCookie, new CookieOptions { Path = "/" });
        context.Response.Cookies.Delete(EddAuthenticationHandler.CsrfCookie, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }

    private static async Task<Ok<JwksResponse>> GetJwksAsync(JwksCache jwks)
    {
        var keys = await jwks.GetPublishedAsync();
        return TypedResults.Ok(new JwksResponse([.. keys.Select(k => new JwkResponse("EC", "P-256", k.KeyId, "sig", "ES256", k.X, k.Y))]));
    }
}
