using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EddCloud.Edge.Http;

/// <summary>
/// Gives every request an id (kept from a trusted proxy, else new), returns it in X-Request-ID, passes it upstream,
/// and writes one <see cref="AccessLog"/> line per request when it ends (the query string left out: share links and
/// tokens travel there).
/// </summary>
public static partial class RequestIds
{
    public const string Header = "X-Request-ID";

    public static IApplicationBuilder UseRequestIdsAndAccessLog(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<TrustedProxies>();
        var log = app.ApplicationServices.GetRequiredService<AccessLog>();
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[Header].ToString();
            context.TraceIdentifier = proxies.IsTrusted(context.Connection.RemoteIpAddress) && ValidId().IsMatch(incoming)
                ? incoming
                : Guid.NewGuid().ToString("N");
            context.Response.Headers[Header] = context.TraceIdentifier;
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                if (log.Enabled)
                {
                    var request = context.Request;
                    await log.WriteAsync(AccessLog.Format(time.GetUtcNow(), proxies.ClientAddress(context)?.ToString() ?? "unknown", request.Method,
                        $"{request.Scheme}://{request.Host.Value}{Redact(request.Path.Value ?? "/")}", request.Protocol, context.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.Features.Get<EdgeUpstream>()?.Destination ?? "-",
                        context.TraceIdentifier, context.RequestAborted.IsCancellationRequested));
                }
            }
        });
    }

    /// <summary>Share links carry their secret in the path (/s/&lt;token&gt; for the page, /api/shares/&lt;token&gt; for the file).</summary>
    internal static string Redact(string path)
    {
        foreach (var prefix in SecretPaths)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && path.Length > prefix.Length)
            {
                var end = path.IndexOf('/', prefix.Length);
                return prefix + "***" + (end < 0 ? "" : path[end..]);
            }
        }

        return path;
    }

    private static readonly string[] SecretPaths = ["/s/", "/api/shares/"];

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex ValidId();
}
