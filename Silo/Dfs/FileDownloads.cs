using System.Globalization;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using Microsoft.Net.Http.Headers;

namespace EddCloud.Silo.Dfs;

/// <summary>
/// Streams a file-system file as an HTTP answer: one Range (first-last, first- or -suffix), a strong ETag (the
/// SHA-256) with If-None-Match, Last-Modified. What the bytes are called and how they are shown is the caller's.
/// </summary>
public static class FileDownloads
{
    // 1 MiB: the local store reads whole verified blocks straight into it, one system call per MiB.
    private const int CopyBufferBytes = 1024 * 1024;

    /// <param name="describe">Sets Content-Type, Content-Disposition and the like for the file being sent.</param>
    public static async Task SendAsync(HttpContext context, DfsFiles files, string dfsPath, bool headOnly, Action<HttpResponse, DfsFileInfo> describe, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        var info = await files.GetAsync(dfsPath, cancellationToken) ?? throw EddException.NotFound("There is no such file.");
        var etag = ETagOf(info);
        if (IfNoneMatch(request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = etag;
            return;
        }
        var range = ParseRange(request.Headers.Range.ToString(), info.Current.Size);
        if (headOnly)
        {
            WriteHeaders(response, info, info.Current.Size, describe);
            return;
        }
        var (file, content) = await files.OpenReadAsync(dfsPath, range?.Offset ?? 0, range?.Length, cancellationToken);
        await using (content)
        {
            if (range is not null)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {range.Value.Offset}-{range.Value.Offset + content.Length - 1}/{file.Current.Size}";
            }
            WriteHeaders(response, file, content.Length, describe);
            await content.CopyToAsync(response.Body, CopyBufferBytes, cancellationToken);
        }
    }

    public static string ETagOf(DfsFileInfo file) => $"\"{file.Current.Sha256}\"";

    private static void WriteHeaders(HttpResponse response, DfsFileInfo file, long length, Action<HttpResponse, DfsFileInfo> describe)
    {
        response.ContentLength = length;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = ETagOf(file);
        response.Headers.LastModified = file.Current.CommittedAt.ToString("R", CultureInfo.InvariantCulture);
        describe(response, file);
    }

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch.ToString();
        if (header.Length == 0)
            return false;
        return header.Trim() == "*" || header.Split(',').Any(tag => tag.Trim().TrimStart('W', '/') == etag);
    }

    /// <summary>One range, or none; several ranges or a unit other than bytes are refused with 416.</summary>
    public static (long Offset, long? Length)? ParseRange(string header, long size)
    {
        if (string.IsNullOrEmpty(header))
            return null;
        if (!RangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes" || range.Ranges.Count != 1)
            throw new EddException(ErrorCodes.RangeNotSatisfiable, "Only one range of the form bytes=first-last, bytes=first- or bytes=-suffix is supported.");
        var single = range.Ranges.Single();
        if (single.From is null)
        {
            // bytes=-N: the last N bytes.
            var suffix = Math.Min(single.To ?? 0, size);
            if (suffix <= 0)
                throw new EddException(ErrorCodes.RangeNotSatisfiable, $"The range asks for no byte of the file's {size}.");
            return (size - suffix, suffix);
        }
        var from = single.From.Value;
        if (single.To is { } to && to < from)
            throw new EddException(ErrorCodes.RangeNotSatisfiable, "The range ends before it starts.");
        if (from >= size && size > 0 || from > size)
            throw new EddException(ErrorCodes.RangeNotSatisfiable, $"The range starts at {from}, past the file's {size} bytes.");
        // A last byte past the end means "to the end" (RFC 9110).
        return (from, single.To is { } last ? Math.Min(last, size - 1) - from + 1 : null);
    }
}
