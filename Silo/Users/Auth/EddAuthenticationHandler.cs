using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users.Auth;

/// <summary>One scheme for all three credentials: bearer API token, bearer session JWT, session cookie.</summary>
public sealed class EddAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CredentialVerifier verifier) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Edd";
    public const string SessionCookie = "edd_session";
    public const string CsrfCookie = "edd_csrf";
    public const string CsrfHeader = "X-CSRF-Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var ip = Context.Connection.RemoteIpAddress?.ToString();
        Caller? caller;
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return AuthenticateResult.Fail("Only Bearer authorization is supported.");
            var token = authorization["Bearer ".Length..].Trim();
            caller = token.StartsWith(Tokens.ApiTokenFormat.Prefix, StringComparison.Ordinal)
                ? await verifier.VerifyApiTokenAsync(token)
                : await verifier.VerifySessionTokenAsync(token, CredentialKind.Bearer, ip);
        }
        else if (Request.Cookies.TryGetValue(SessionCookie, out var cookie) && cookie.Length > 0)
        {
            caller = await verifier.VerifySessionTokenAsync(cookie, CredentialKind.Cookie, ip);
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (caller is null)
            return AuthenticateResult.Fail("The credential is invalid, expired or revoked.");
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }
}
