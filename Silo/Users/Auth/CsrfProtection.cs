using System.Security.Cryptography;
using System.Text;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Hosting;

namespace EddCloud.Silo.Users.Auth;

/// <summary>
/// Double-submit CSRF check for cookie-authenticated requests: an unsafe method must carry the
/// X-CSRF-Token header equal to the edd_csrf cookie, which another site can neither read nor set.
/// Bearer and API-token requests carry no ambient credential and need no such header.
/// </summary>
public static class CsrfProtection
{
    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && Caller.From(context.User) is { Kind: CredentialKind.Cookie }
            && !HeaderMatchesCookie(context.Request))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "Missing or wrong X-CSRF-Token header: send the value of the edd_csrf cookie with every change.");
            return;
        }
        await next(context);
    });

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static bool HeaderMatchesCookie(HttpRequest request)
    {
        var header = request.Headers[EddAuthenticationHandler.CsrfHeader].ToString();
        return request.Cookies.TryGetValue(EddAuthenticationHandler.CsrfCookie, out var cookie)
            && header.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(cookie));
    }
}
