using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Dfs.DataPlane;

internal sealed class DataPlaneOptionsValidator : IValidateOptions<DataPlaneOptions>
{
    public ValidateOptionsResult Validate(string? name, DataPlaneOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.DataPlaneUrl)
            && (!Uri.TryCreate(options.DataPlaneUrl, UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            failures.Add($"Dfs:DataPlaneUrl (EDD_DFS__DATA_PLANE_URL) is '{options.DataPlaneUrl}', which is not an absolute http:// or https:// URL without query; "
                + "set it to the address other nodes reach this silo at, e.g. http://10.0.0.5:8080, or leave it empty to use this silo's first HTTP address.");
        }
        if (options.TokenLifetime < TimeSpan.FromSeconds(1) || options.TokenLifetime > TimeSpan.FromHours(1))
            failures.Add("Dfs:TokenLifetime (EDD_DFS__TOKEN_LIFETIME) must be between 00:00:01 and 01:00:00; a data-plane token only has to outlive one chunk transfer (default 00:10:00).");
        if (options.StepTimeout < TimeSpan.FromMilliseconds(100) || options.StepTimeout > TimeSpan.FromMinutes(10))
            failures.Add("Dfs:StepTimeout (EDD_DFS__STEP_TIMEOUT) must be between 00:00:00.1 and 00:10:00; it is how long one replica may stall before it is dropped (default 00:00:30).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
