using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;
using EddCloud.Silo.Dfs;
using EddCloud.Silo.Hosting;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EddCloud.Silo.Storage;

public static partial class StorageEndpoints
{
    public const string UploadIdHeader = "X-Upload-Id";

    private static void MapFiles(RouteGroupBuilder namespaces)
    {
        namespaces.MapGet("/{id:guid}/files", ListFilesAsync).WithName("ListFiles").WithSummary("Files of one folder (delimiter=/) or under a prefix (delimiter empty).");
        namespaces.MapPut("/{id:guid}/files/{**path}", PutFileAsync).WithName("PutFile").WithSummary("Store a file (the raw body), replacing any previous one atomically.");
        namespaces.MapPost("/{id:guid}/files", PostFilesAsync).WithName("PostFiles").WithSummary("Store the files of a multipart form, one after another.")
            .DisableAntiforgery();
        namespaces.MapGet("/{id:guid}/files/{**path}", GetFileAsync).WithName("GetFile").WithSummary("Download a file; one Range, ETag and If-None-Match.");
        namespaces.MapMethods("/{id:guid}/files/{**path}", ["HEAD"], HeadFileAsync).WithName("HeadFile");
        namespaces.MapDelete("/{id:guid}/files/{**path}", DeleteFileAsync).WithName("DeleteFile");
        namespaces.MapGet("/{id:guid}/metadata/{**path}", GetMetadataAsync).WithName("GetFileMetadata");
    }

    private static async Task<Ok<FilePage>> ListFilesAsync(
        HttpContext context, Guid id, string? prefix, string? delimiter, string? after, int? limit, StorageFiles files, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.List);
        var delimited = delimiter switch
        {
            null or "/" => true,
            "" => false,
            _ => throw EddException.Validation("delimiter", "delimiter is '/' (one folder) or empty (everything under the prefix)."),
        };
        if (prefix is { Length: > StoragePaths.MaxBytes } || prefix is not null && prefix.Any(char.IsControl))
            throw EddException.Validation("prefix", "prefix must be a path of at most 900 bytes without control characters.");
        return TypedResults.Ok(await files.ListAsync(ns, prefix?.TrimStart('/'), delimited, after, PageSize(limit), ct));
    }

    private static async Task<IResult> PutFileAsync(HttpContext context, Guid id, string path, StorageFiles files, CancellationToken ct)
    {
        var caller = StorageAccess.RequireCaller(context);
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(caller, ns, StorageAction.Write);
        var normalized = StoragePaths.Normalize(path);
        var request = context.Request;
        var noOverwrite = request.Headers.IfNoneMatch.ToString().Trim() == "*";
        if (request.Headers.IfNoneMatch.Count > 0 && !noOverwrite)
            throw EddException.Validation("If-None-Match", "An upload understands only If-None-Match: * (do not overwrite).");
        AllowLargeBody(context);
        var progress = await files.StartProgressAsync(UploadIdOf(request), caller, ns, normalized, request.ContentLength);
        var (file, replaced) = await RunUploadAsync(progress, () =>
            files.StoreAsync(caller, ns, normalized, request.Body, request.ContentLength, request.ContentType, noOverwrite, progress, 0, ct));
        var body = StoredFileResponse.From(ns.Id, file);
        return replaced ? TypedResults.Ok(body) : TypedResults.Created($"/api/namespaces/{ns.Id}/files/{Uri.EscapeDataString(normalized).Replace("%2F", "/")}", body);
    }

    private static async Task<Created<StoredFilesResponse>> PostFilesAsync(HttpContext context, Guid id, string? folder, StorageFiles files, CancellationToken ct)
    {
        var caller = StorageAccess.RequireCaller(context);
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(caller, ns, StorageAction.Write);
        var folderPath = StoragePaths.NormalizeFolder(folder);
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw new EddException(ErrorCodes.UnsupportedMediaType, "Send multipart/form-data with one part per file, or PUT the raw bytes to /files/{path}.");
        AllowLargeBody(context);
        var uploadId = UploadIdOf(request);
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        var stored = new List<StoredFileResponse>();
        IUploadProgressGrain? progress = null;
        long receivedBefore = 0;
        await RunUploadAsync(() => progress, async () =>
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                    continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                // Browsers send a bare name; a folder upload may send "a/b.txt", kept as sub-folders of the target folder.
                var path = StoragePaths.Normalize(folderPath.Length == 0 ? name : $"{folderPath}/{name}");
                progress = await files.StartProgressAsync(uploadId, caller, ns, path, null);
                var (file, _) = await files.StoreAsync(caller, ns, path, section.Body, null, section.ContentType, noOverwrite: false, progress, receivedBefore, ct);
                receivedBefore += file.Current.Size;
                stored.Add(StoredFileResponse.From(ns.Id, file));
            }
            return 0;
        });
        if (stored.Count == 0)
            throw EddException.Validation("file", "The form held no file part (a part with a filename).");
        return TypedResults.Created($"/api/namespaces/{ns.Id}/files", new StoredFilesResponse(stored));
    }

    /// <summary>Runs an upload and ends its progress stream with success or with the failure the caller gets.</summary>
    private static Task<T> RunUploadAsync<T>(IUploadProgressGrain progress, Func<Task<T>> upload) => RunUploadAsync(() => progress, upload);

    private static async Task<T> RunUploadAsync<T>(Func<IUploadProgressGrain?> progress, Func<Task<T>> upload)
    {
        try
        {
            var result = await upload();
            if (progress() is { } done)
                await done.EndAsync(null);
            return result;
        }
        catch (Exception failure)
        {
            if (progress() is { } failed)
            {
                var error = failure is EddException edd
                    ? new UploadError(edd.Code, edd.Message, Problems.StatusOf(edd.Code))
                    : failure is OperationCanceledException or IOException or BadHttpRequestException
                        ? new UploadError(ErrorCodes.Validation, "The upload was cut off before its end; nothing was stored. Send it again.", 400)
                        : new UploadError(ErrorCodes.Internal, "The upload failed on the server; nothing was stored. Try again.", 500);
                try
                {
                    await failed.EndAsync(error);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The stream's grain is gone with its silo; its subscribers see that instead.
                }
            }
            throw;
        }
    }

    private static Guid UploadIdOf(HttpRequest request)
    {
        var header = request.Headers[UploadIdHeader].ToString();
        if (header.Length == 0)
            header = request.Query["uploadId"].ToString();
        if (header.Length == 0)
            return Guid.NewGuid();
        return Guid.TryParse(header, out var id) && id != Guid.Empty
            ? id
            : throw EddException.Validation("uploadId", $"{UploadIdHeader} must be a GUID the client made up for this upload.");
    }

    /// <summary>Files of any size: the 1 MiB JSON limit does not apply to an upload's body (Storage:MaxFileBytes does).</summary>
    private static void AllowLargeBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;
    }

    private static async Task GetFileAsync(HttpContext context, Guid id, string path, bool? download, StorageFiles files, DfsFiles dfs, CancellationToken ct) =>
        await SendFileAsync(context, await ReadableAsync(context, id, path, files, ct), download == true, headOnly: false, dfs, ct);

    private static async Task HeadFileAsync(HttpContext context, Guid id, string path, bool? download, StorageFiles files, DfsFiles dfs, CancellationToken ct) =>
        await SendFileAsync(context, await ReadableAsync(context, id, path, files, ct), download == true, headOnly: true, dfs, ct);

    private static async Task<(NamespaceInfo Namespace, string Path)> ReadableAsync(HttpContext context, Guid id, string path, StorageFiles files, CancellationToken ct)
    {
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(StorageAccess.CallerOf(context), ns, StorageAction.Read);
        return (ns, StoragePaths.Normalize(path));
    }

    internal static async Task SendFileAsync(HttpContext context, (NamespaceInfo Namespace, string Path) file, bool download, bool headOnly, DfsFiles dfs, CancellationToken ct)
    {
        try
        {
            await FileDownloads.SendAsync(context, dfs, StoragePaths.ToDfs(file.Namespace.Id, file.Path), headOnly, (response, info) =>
            {
                var type = info.Current.Attributes?.ContentType ?? ContentTypes.Default;
                response.ContentType = type;
                var disposition = new ContentDispositionHeaderValue(download || !ContentTypes.IsSafeInline(type) ? "attachment" : "inline");
                disposition.SetHttpFileName(file.Path.Split('/')[^1]);
                response.Headers.ContentDisposition = disposition.ToString();
                // Whatever the bytes are, they never run as a page of this origin.
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'";
                response.Headers.CacheControl = "private, no-cache";
            }, ct);
        }
        catch (EddException e) when (e.Code == ErrorCodes.NotFound)
        {
            throw StorageFiles.FileNotFound(file.Path);
        }
    }

    private static async Task<NoContent> DeleteFileAsync(HttpContext context, Guid id, string path, StorageFiles files, CancellationToken ct)
    {
        var caller = StorageAccess.RequireCaller(context);
        var ns = await files.GetNamespaceAsync(id, ct);
        StorageAccess.Demand(caller, ns, StorageAction.Write);
        var normalized = StoragePaths.Normalize(path);
        if (!await files.DeleteAsync(ns, normalized, ct))
            throw StorageFiles.FileNotFound(normalized);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<StoredFileResponse>> GetMetadataAsync(HttpContext context, Guid id, string path, StorageFiles files, CancellationToken ct)
    {
        var (ns, normalized) = await ReadableAsync(context, id, path, files, ct);
        return TypedResults.Ok(await files.MetadataAsync(ns, normalized, ct));
    }
}
