using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace EddCloud.Edge.Http;

/// <summary>
/// The edge's own answers (no route, app stopped, server unreachable): problem+json for API clients and anything
/// that asks for JSON, a small HTML page for browsers. Each says what happened and what to do.
/// </summary>
public static class EdgePages
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, int? retryAfterSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (retryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (WantsJson(context.Request))
        {
            var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path };
            problem.Extensions["requestId"] = context.TraceIdentifier;
            await response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        var page = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(status).Append(' ').Append(WebUtility.HtmlEncode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}")
            .Append("@media (prefers-color-scheme:dark){body{background:#111;color:#eee}}small{color:#888}</style></head><body>")
            .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>")
            .Append("<p>").Append(WebUtility.HtmlEncode(detail)).Append("</p>")
            .Append("<p><small>HTTP ").Append(status).Append(" · request ").Append(WebUtility.HtmlEncode(context.TraceIdentifier)).Append("</small></p>")
            .Append("</body></html>");
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.WriteAsync(page.ToString(), context.RequestAborted);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);
}
