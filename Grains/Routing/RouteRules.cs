using System.Text.RegularExpressions;
using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Routing;

/// <summary>Checks and normalizes static routes; every message names the field and what a valid value looks like.</summary>
public static partial class RouteRules
{
    public const int MaxRoutes = 500;
    public const int MaxHostLength = 253;
    public const int MaxBackendLength = 2000;

    /// <summary>The route with its host in lower case, its prefix "/" when none is given, and its backend checked.</summary>
    public static RouteSpec Validate(RouteSpec? spec, string appsDomain)
    {
        if (spec is null)
            throw EddException.Validation("body", "Send a route: {\"host\": \"wiki.example.org\", \"pathPrefix\": \"/\", \"stripPrefix\": false, \"backend\": \"http://127.0.0.1:3000\"}.");
        var host = ValidateHost(spec.Host, appsDomain);
        var prefix = ContainerRules.ValidatePathPrefix(spec.PathPrefix) ?? "/";
        return new RouteSpec(host, prefix, spec.StripPrefix && prefix != "/", ValidateBackend(spec.Backend));
    }

    public static string ValidateHost(string? value, string appsDomain)
    {
        var host = (value ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0 || host.Length > MaxHostLength || !host.Split('.').All(label => DnsLabel().IsMatch(label)))
            throw EddException.Validation("host", $"Host '{Shorten(value ?? "")}' must be a DNS name: labels of a-z, 0-9 and '-', separated by dots, at most {MaxHostLength} characters, e.g. wiki.example.org.");
        var apps = appsDomain.Trim('.').ToLowerInvariant();
        if (host == apps || host.EndsWith("." + apps, StringComparison.Ordinal))
            throw EddException.Validation("host", $"Hosts under {apps} are container ingress names; add an ingress rule to the container instead.");
        return host;
    }

    public static string ValidateBackend(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxBackendLength
            || !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0 || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw EddException.Validation("backend", $"Backend '{Shorten(value ?? "")}' must be an http:// or https:// URL with a host and no credentials, query or fragment, e.g. http://127.0.0.1:3000 or http://10.0.0.5:8080/base.");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "...";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
