using EddCloud.Grains.Errors;
using EddCloud.Silo.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace EddCloud.Silo.Users.Auth;

/// <summary>Answers refused requests with problem+json saying why and what to do, instead of an empty 401/403.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged && ClusterUnavailable(context))
        {
            // The credential could not be checked (its user grain lived on a silo that just died): not the caller's fault.
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                "Your credential could not be checked: the cluster did not answer in time. Try again in a few seconds.");
            return;
        }

        if (result.Challenged)
        {
            var detail = context.Request.Headers.Authorization.Count > 0 || context.Request.Cookies.ContainsKey(EddAuthenticationHandler.SessionCookie)
                ? "Your credential is invalid, expired or revoked. Sign in again (edd login, or the dashboard's sign-in page)."
                : "Sign in first: send a session cookie or an Authorization: Bearer token.";
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, detail);
            return;
        }
        if (result.Forbidden)
        {
            var reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "You may not do this.";
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, reason);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }

    /// <summary>Whether authentication failed because the cluster did not answer (not because the credential is bad).</summary>
    public static bool ClusterUnavailable(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Authentication.IAuthenticateResultFeature>()?.AuthenticateResult?.Failure is TimeoutException or OrleansException;
}
