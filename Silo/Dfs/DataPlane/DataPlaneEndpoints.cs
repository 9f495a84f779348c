using System.Text.Json.Serialization;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Dfs.Disks;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>
/// The node-to-node data plane: the only place chunk bytes move. Every request carries a
/// data-plane token (see <see cref="DataPlaneTokens"/>) for exactly the chunk, version, node and
/// access it asks for; the user sign-in pipeline, the OpenAPI document, the global body-size limit
/// and request timeouts do not apply here.
/// </summary>
public static partial class DataPlaneEndpoints
{
    public const string RoutePrefix = "/dfs/v1/chunks";

    /// <summary>The problem code of a read that found a corrupt block before sending any byte.</summary>
    public const string ChunkCorruptCode = "chunk_corrupt";

    public static IEndpointRouteBuilder MapDataPlaneEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var chunk = endpoints.MapGroup(RoutePrefix + "/{chunkId:guid}/{version:long:min(0)}");
        chunk.ExcludeFromDescription()
            .AllowAnonymous()
            .DisableRequestTimeout()
            .DisableRateLimiting();

        chunk.MapPut("/", StageAsync).WithName("DfsStageChunk");
        chunk.MapPost("/commit", CommitAsync).WithName("DfsCommitChunk");
        chunk.MapDelete("/staged", AbortAsync).WithName("DfsAbortChunk");
        chunk.MapGet("/", ReadAsync).WithName("DfsReadChunk");
        chunk.MapGet("/verify", VerifyAsync).WithName("DfsVerifyChunk");
        chunk.MapDelete("/", DeleteAsync).WithName("DfsDeleteChunk");
        return endpoints;
    }

    private static async Task<IResult> CommitAsync(Guid chunkId, long version, HttpContext context, [FromServices] DataPlaneGate gate, [FromServices] IChunkStore store)
    {
        var (_, refusal) = await gate.AuthorizeAsync(context, chunkId, version, DataPlaneAccess.Manage);
        if (refusal is not null)
            return refusal;
        try
        {
            await store.CommitAsync(chunkId, version, context.RequestAborted);
        }
        catch (ChunkStoreException e)
        {
            return DataPlaneGate.Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                $"This node cannot commit the replica: {e.Message} Stage it again (PUT) before committing.");
        }
        DataPlaneLog.Managed(gate.Logger, "Committed", chunkId, version);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> AbortAsync(Guid chunkId, long version, HttpContext context, [FromServices] DataPlaneGate gate, [FromServices] IChunkStore store)
    {
        var (_, refusal) = await gate.AuthorizeAsync(context, chunkId, version, DataPlaneAccess.Manage);
        if (refusal is not null)
            return refusal;
        await store.AbortAsync(chunkId, version, context.RequestAborted);
        DataPlaneLog.Managed(gate.Logger, "Aborted", chunkId, version);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeleteAsync(Guid chunkId, long version, HttpContext context, [FromServices] DataPlaneGate gate, [FromServices] IChunkStore store)
    {
        var (_, refusal) = await gate.AuthorizeAsync(context, chunkId, version, DataPlaneAccess.Manage);
        if (refusal is not null)
            return refusal;
        await store.DeleteAsync(chunkId, version, context.RequestAborted);
        DataPlaneLog.Managed(gate.Logger, "Deleted", chunkId, version);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> VerifyAsync(Guid chunkId, long version, HttpContext context, [FromServices] DataPlaneGate gate, [FromServices] IChunkStore store)
    {
        var (_, refusal) = await gate.AuthorizeAsync(context, chunkId, version, DataPlaneAccess.Manage);
        if (refusal is not null)
            return refusal;
        var check = await store.VerifyAsync(chunkId, version, context.RequestAborted);
        if (check.BadBlocks.Count > 0)
            await gate.ReportCorruptionAsync(chunkId, version, $"verify found {check.BadBlocks.Count} bad block(s), first {check.BadBlocks[0]}");
        return TypedResults.Ok(check);
    }

    /// <summary>A replica's answer to a stage (PUT): what it wrote and fsynced.</summary>
    public sealed record StageResponse(
        [property: JsonPropertyName("length")] long Length,
        [property: JsonPropertyName("crc32c")] uint Crc32C);
}
