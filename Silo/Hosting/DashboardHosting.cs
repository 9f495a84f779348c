using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Hosting;

/// <summary>
/// Serves the built dashboard (Client/web/dist): static files with a strict content security policy, and index.html
/// for client-side routes. The edge forwards the dashboard's host to the silos, so each silo serves it.
/// </summary>
public static class DashboardHosting
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<EddOptions>>().Value.WebRoot;
        if (string.IsNullOrEmpty(root))
            return app;
        var files = new PhysicalFileProvider(Path.GetFullPath(root));
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                context.Response.Headers.XFrameOptions = "DENY";
            }
            return next(context);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c =>
            {
                // Vite fingerprints assets; index.html must always be fetched fresh.
                c.Context.Response.Headers.CacheControl = c.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
            },
        });
        async Task ServeIndexAsync(HttpContext context)
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"));
        }
        // Paths that look like files (a '.' in the last segment) are not client routes, so a missing asset stays a 404...
        app.MapFallback("{*path:nonfile}", ServeIndexAsync).AllowAnonymous();
        // ...except under the routes whose addresses hold dots of their own: a share token (/s/{ns}.{share}.{secret}),
        // and folders such as "v1.2" in /files/{id}/v1.2 and /public/{id}/v1.2.
        foreach (var route in ClientRoutesWithDots)
            app.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], ServeIndexAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static readonly string[] ClientRoutesWithDots = ["/s/{token}", "/files/{id}/{**folder}", "/public/{id}/{**folder}"];
}
