using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Users;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromDays(30))
            failures.Add("Auth:TokenLifetime (EDD_AUTH__TOKEN_LIFETIME) must be between 00:01:00 and 30.00:00:00.");
        if (options.KeyRotation < TimeSpan.FromHours(1))
            failures.Add("Auth:KeyRotation (EDD_AUTH__KEY_ROTATION) must be at least 01:00:00.");
        if (options.LoginRequestsPerMinutePerIp < 1)
            failures.Add("Auth:LoginRequestsPerMinutePerIp (EDD_AUTH__LOGIN_REQUESTS_PER_MINUTE_PER_IP) must be at least 1.");
        if (options.CredentialCacheDuration < TimeSpan.Zero || options.CredentialCacheDuration > TimeSpan.FromSeconds(30))
            failures.Add("Auth:CredentialCacheDuration (EDD_AUTH__CREDENTIAL_CACHE_DURATION) must be between 0 and 00:00:30: it bounds how late a revocation takes effect.");
        if (options.MaxApiTokenDays < 1)
            failures.Add("Auth:MaxApiTokenDays (EDD_AUTH__MAX_API_TOKEN_DAYS) must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
