using System.Diagnostics;
using System.Text.RegularExpressions;
using EddCloud.Edge.Routing;

namespace EddCloud.Edge.Hosting;

/// <summary>
/// Gives every request an id (kept from a trusted proxy, else new), returns it in X-Request-ID, passes it upstream,
/// and writes one access log line per request when it ends.
/// </summary>
public static partial class RequestIds
{
    public const string Header = "X-Request-ID";

    public static IApplicationBuilder UseRequestIdsAndAccessLog(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<TrustedProxies>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("EddCloud.Edge.AccessLog");
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
                var request = context.Request;
                LogRequest(logger, proxies.ClientAddress(context)?.ToString() ?? "unknown", request.Method, request.Scheme, request.Host.Value ?? "",
                    Redact(request.Path.Value ?? "/"), request.Protocol, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    context.Features.Get<EdgeUpstream>()?.Destination ?? "-", context.TraceIdentifier, context.RequestAborted.IsCancellationRequested);
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

    // The query string is left out: share links and tokens travel there.
    [LoggerMessage(EventId = 9240, Level = LogLevel.Information,
        Message = "{Client} {Method} {Scheme}://{Host}{Path} {Protocol} {Status} {ElapsedMs:0.0} ms upstream {Upstream} id {RequestId} aborted {Aborted}")]
    private static partial void LogRequest(ILogger logger, string client, string method, string scheme, string host, string path, string protocol,
        int status, double elapsedMs, string upstream, string requestId, bool aborted);
}
