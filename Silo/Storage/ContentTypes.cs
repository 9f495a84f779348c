using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace EddCloud.Silo.Storage;

/// <summary>What a stored file is said to be, and whether a browser may show it inline.</summary>
public static class ContentTypes
{
    public const string Default = "application/octet-stream";
    private const int MaxLength = 200;
    private static readonly FileExtensionContentTypeProvider ByExtension = new();

    /// <summary>The uploader's type when it is a valid media type and says more than "bytes", else a guess from the name.</summary>
    public static string Resolve(string? declared, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(declared) && declared.Length <= MaxLength
            && MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.MediaType.Value is { } media
            && !media.Equals(Default, StringComparison.OrdinalIgnoreCase) && !media.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            return parsed.ToString();
        return ByExtension.TryGetContentType(fileName, out var guessed) ? guessed : Default;
    }

    /// <summary>
    /// Types a browser can show without running anything: images but SVG (it scripts), plain text, audio, video.
    /// Everything else is an attachment, so an uploaded HTML page is downloaded, never rendered.
    /// </summary>
    public static bool IsSafeInline(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } media)
            return false;
        media = media.ToLowerInvariant();
        return media == "text/plain"
            || media.StartsWith("image/", StringComparison.Ordinal) && media != "image/svg+xml"
            || media.StartsWith("audio/", StringComparison.Ordinal)
            || media.StartsWith("video/", StringComparison.Ordinal);
    }
}
