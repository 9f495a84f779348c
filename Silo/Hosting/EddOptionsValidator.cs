using EddCloud.Grains.Errors;
using EddCloud.Grains.Users;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Hosting;

internal sealed class EddOptionsValidator : IValidateOptions<EddOptions>
{
    public ValidateOptionsResult Validate(string? name, EddOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add("DataDirectory (EDD_DATA_DIRECTORY) is empty: set it to a writable directory, e.g. ./data.");
        if (string.IsNullOrWhiteSpace(options.NodeName) || options.NodeName.Length > 63)
            failures.Add("NodeName (EDD_NODE_NAME) must be 1-63 characters.");
        try
        {
            UsernameRules.Validate(options.AdminUsername);
        }
        catch (EddException ex)
        {
            failures.Add($"AdminUsername (EDD_ADMIN_USERNAME) is not a valid username: {ex.Message}");
        }
        if (!string.IsNullOrEmpty(options.AdminPassword))
        {
            try
            {
                PasswordRules.Validate(options.AdminPassword, options.AdminUsername);
            }
            catch (EddException ex)
            {
                failures.Add($"AdminPassword (EDD_ADMIN_PASSWORD) is not accepted: {ex.Message} Or leave it empty to have one generated.");
            }
        }
        if (options.WebRoot is { Length: > 0 } root && !File.Exists(Path.Combine(root, "index.html")))
            failures.Add($"WebRoot (EDD_WEB_ROOT) '{root}' has no index.html: build the dashboard (cd Client/web && npm ci && npm run build) or leave WebRoot empty.");
        foreach (var proxy in options.TrustedProxies)
        {
            if (!System.Net.IPNetwork.TryParse(proxy, out _) && !System.Net.IPAddress.TryParse(proxy, out _))
                failures.Add($"TrustedProxies (EDD_TRUSTED_PROXIES__0, ...) holds '{proxy}', which is neither an IP address nor a network such as 10.0.0.0/8.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
