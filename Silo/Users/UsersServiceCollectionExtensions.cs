using System.Threading.RateLimiting;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Users.Auth;
using EddCloud.Silo.Users.Tokens;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EddCloud.Silo.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>Registers sign-in, tokens, authentication, authorization and the login rate limit.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 100_000);
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<JwksCache>();
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<CredentialVerifier>();
        services.AddSingleton<UserAccounts>();

        services.AddAuthentication(EddAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, EddAuthenticationHandler>(EddAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddEddPolicies();
        services.AddSingleton<IAuthorizationHandler, CallerRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(UsersEndpoints.LoginRateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.LoginRequestsPerMinutePerIp;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    "Too many sign-in attempts from your address; wait a minute and try again.");
            };
        });

        // After the silo: both need grains.
        services.AddHostedService<SigningKeyRotation>();
        services.AddHostedService<AdminBootstrapper>();
        return services;
    }
}
