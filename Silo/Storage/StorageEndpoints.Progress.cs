using System.Net.WebSockets;
using EddCloud.Silo.Hosting.Http;
using System.Text.Json;
using EddCloud.Grains.Errors;
using EddCloud.Grains.Storage;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Storage;

public static partial class StorageEndpoints
{
    /// <summary>How long one wait on the progress grain lasts before the stream sends a keep-alive.</summary>
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromSeconds(15);

    /// <summary>A stream whose upload never starts (or stalls) ends after this long.</summary>
    private static readonly TimeSpan ProgressIdleLimit = TimeSpan.FromMinutes(10);

    private static void MapProgress(IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api/uploads").WithTags("Storage").AllowAnonymous();
        uploads.MapGet("/{uploadId:guid}/progress", ProgressEventsAsync).WithName("UploadProgressEvents")
            .WithSummary("Server-sent events of an upload's progress until it ends (only its uploader).");
        uploads.MapGet("/{uploadId:guid}/progress/ws", ProgressWebSocketAsync).WithName("UploadProgressWebSocket")
            .WithSummary("The same as a WebSocket of JSON text messages.");
    }

    private static async Task ProgressEventsAsync(HttpContext context, Guid uploadId, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var caller = StorageAccess.RequireCaller(context);
        var grain = grains.GetGrain<IUploadProgressGrain>(uploadId);
        EnsureOwnUpload(caller, await grain.GetAsync());
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        // Proxies must not buffer the stream.
        response.Headers["X-Accel-Buffering"] = "no";
        await foreach (var progress in FollowAsync(caller, grain, ct))
        {
            var text = progress is null ? ": keep-alive\n\n"
                : $"event: progress\nid: {progress.Sequence}\ndata: {JsonSerializer.Serialize(UploadProgressResponse.From(progress), json.Value.SerializerOptions)}\n\n";
            await response.WriteAsync(text, ct);
            await response.Body.FlushAsync(ct);
        }
    }

    private static async Task ProgressWebSocketAsync(HttpContext context, Guid uploadId, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken ct)
    {
        WebSocketStreams.RequireUpgrade(context, "/progress");
        var caller = StorageAccess.RequireCaller(context);
        var grain = grains.GetGrain<IUploadProgressGrain>(uploadId);
        EnsureOwnUpload(caller, await grain.GetAsync());
        var messages = FollowAsync(caller, grain, ct).Select(progress => progress is null ? null : UploadProgressResponse.From(progress));
        await WebSocketStreams.SendAsync(context, messages, json.Value.SerializerOptions, "upload ended", ct);
    }

    /// <summary>Every change of the upload (null for a keep-alive), ending after the last one or a long silence.</summary>
    private static async IAsyncEnumerable<UploadProgress?> FollowAsync(Caller caller, IUploadProgressGrain grain, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var sequence = -1L;
        var lastChange = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested && DateTimeOffset.UtcNow - lastChange < ProgressIdleLimit)
        {
            var progress = await grain.WaitAsync(sequence, ProgressPoll).WaitAsync(ct);
            EnsureOwnUpload(caller, progress);
            if (progress.Sequence < sequence)
            {
                // The grain started over: the silo that held it died, and with it what it knew. Say so and stop.
                yield return progress with
                {
                    Sequence = sequence + 1,
                    State = UploadState.Failed,
                    Error = new UploadError(ErrorCodes.Unavailable,
                        "This upload's progress was lost with the server that tracked it; list the folder to see whether the file was stored.", 503),
                };
                yield break;
            }
            if (progress.Sequence == sequence && !progress.Ended)
            {
                yield return null;
                continue;
            }
            sequence = progress.Sequence;
            lastChange = DateTimeOffset.UtcNow;
            yield return progress;
            if (progress.Ended)
                yield break;
        }
    }

    private static void EnsureOwnUpload(Caller caller, UploadProgress progress)
    {
        if (progress.UploaderId is { } uploader && !ResourceAccess.Sees(caller, uploader))
            throw EddException.NotFound("There is no such upload of yours.");
    }
}
