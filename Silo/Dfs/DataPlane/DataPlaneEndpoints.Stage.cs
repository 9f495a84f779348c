using EddCloud.Grains.Errors;
using EddCloud.Silo.Dfs.Disks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace EddCloud.Silo.Dfs.DataPlane;

public static partial class DataPlaneEndpoints
{
    private static async Task<IResult> StageAsync(Guid chunkId, long version, HttpContext context, [FromServices] DataPlaneGate gate, [FromServices] IChunkStore store)
    {
        var (grant, refusal) = await gate.AuthorizeAsync(context, chunkId, version, DataPlaneAccess.Write);
        if (refusal is not null)
            return refusal;
        // Issued write grants always carry both (DataPlaneTokens.IssueAsync insists).
        if (grant!.MaxLength is not > 0 || grant.DiskId is null)
            return DataPlaneGate.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "The write token names no disk or length limit; ask the chunk's grain for a new one.");
        var maxLength = grant.MaxLength.Value;
        var request = context.Request;
        if (request.ContentType is { } contentType && !contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return DataPlaneGate.Problem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "Send the chunk bytes as application/octet-stream.");
        if (request.ContentLength > maxLength)
            return TooLarge(gate, chunkId, version, maxLength);

        // The global limit (1 MiB for JSON) is lifted to exactly what the token allows.
        // Kestrel's own limit is lifted: it refused chunked bodies somewhat below the limit it was given
        // (seen with exactly-full 1 MiB chunks); BoundedReadStream enforces the token's limit to the byte.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
            sizeLimit.MaxRequestBodySize = null;

        var body = new BoundedReadStream(request.Body, maxLength);
        StagedChunk staged;
        try
        {
            staged = await store.StageAsync(chunkId, version, grant.DiskId, body, maxLength, context.RequestAborted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever went wrong, no partial replica stays behind.
            await CleanUpAsync(gate, store, chunkId, version);
            if (body.Exceeded)
                return TooLarge(gate, chunkId, version, maxLength);
            DataPlaneLog.StageFailed(gate.Logger, chunkId, version, e);
            return e switch
            {
                _ when context.RequestAborted.IsCancellationRequested => TypedResults.Empty,
                BadHttpRequestException bad => DataPlaneGate.Problem(bad.StatusCode, ErrorCodes.Validation, $"The request body could not be read: {bad.Message}"),
                ChunkStoreException refused => DataPlaneGate.Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"This node could not stage the replica: {refused.Message}"),
                _ => DataPlaneGate.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "This node could not write the replica to its disk; use another replica."),
            };
        }
        DataPlaneLog.Staged(gate.Logger, chunkId, version, staged.DiskId, staged.Length);
        return TypedResults.Ok(new StageResponse(staged.Length, staged.Crc32C));
    }

    private static IResult TooLarge(DataPlaneGate gate, Guid chunkId, long version, long maxLength)
    {
        DataPlaneLog.RequestRefused(gate.Logger, HttpMethods.Put, chunkId, version, "body longer than the token allows");
        return DataPlaneGate.Problem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
            $"The body is longer than the {maxLength} bytes this write token allows; nothing was staged.");
    }

    private static async Task CleanUpAsync(DataPlaneGate gate, IChunkStore store, Guid chunkId, long version)
    {
        try
        {
            await store.AbortAsync(chunkId, version, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            DataPlaneLog.CleanupFailed(gate.Logger, chunkId, version, e);
        }
    }
}
