using System.Buffers;
using System.Globalization;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Dfs.Disks;
using Microsoft.AspNetCore.Mvc;

namespace EddCloud.Silo.Dfs.DataPlane;

public static partial class DataPlaneEndpoints
{
    // Whole verified blocks are read straight into it: one disk read and one socket write per MiB.
    private const int ReadBufferSize = 1024 * 1024;

    /// <summary>
    /// Streams a committed replica, or one range of it. The store verifies every block before handing
    /// out its bytes; corruption found before the first byte answers 409 <c>chunk_corrupt</c>, found
    /// later it aborts the connection so the client sees a short body, never wrong bytes.
    /// </summary>
    private static async Task<IResult> ReadAsync(Guid chunkId, long version, HttpContext context, [FromServices] DataPlaneGate gate, [FromServices] IChunkStore store)
    {
        var (_, refusal) = await gate.AuthorizeAsync(context, chunkId, version, DataPlaneAccess.Read);
        if (refusal is not null)
            return refusal;
        var aborted = context.RequestAborted;
        if (!ByteRange.TryParse(context.Request.Headers.Range.ToString(), out var range))
            return DataPlaneGate.Problem(StatusCodes.Status416RangeNotSatisfiable, ErrorCodes.RangeNotSatisfiable, "Send at most one range, as 'Range: bytes=first-last', 'bytes=first-' or 'bytes=-suffix'.");

        // The coordinator always sends first-last, which needs no look-up; open ranges need the replica's length.
        long offset, length;
        long? total = null;
        if (range is { First: { } first, Last: { } last })
        {
            (offset, length) = (first, last - first + 1);
        }
        else
        {
            total = await ReplicaLengthAsync(store, chunkId, version, aborted);
            if (total is null)
                return NoReplica();
            (offset, length) = range.Resolve(total.Value);
            if (length < 0)
                return Unsatisfiable(context, total.Value);
        }

        Stream? data;
        try
        {
            data = await store.OpenReadAsync(chunkId, version, offset, length, aborted);
        }
        catch (ChunkCorruptException e)
        {
            await gate.ReportCorruptionAsync(chunkId, version, e.Message);
            return Corrupt();
        }
        catch (Exception e) when (e is ChunkStoreException or ArgumentOutOfRangeException && total is null)
        {
            // The store refuses a range that ends past the replica; HTTP wants "last" clamped to the end.
            total = await ReplicaLengthAsync(store, chunkId, version, aborted);
            if (total is null)
                return NoReplica();
            (offset, length) = range.Resolve(total.Value);
            if (length < 0)
                return Unsatisfiable(context, total);
            data = await store.OpenReadAsync(chunkId, version, offset, length, aborted);
        }
        catch (Exception e) when (e is ChunkStoreException or ArgumentOutOfRangeException)
        {
            return Unsatisfiable(context, total);
        }
        if (data is null)
            return NoReplica();

        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        await using var _ = data;
        try
        {
            int firstRead;
            try
            {
                firstRead = length == 0 ? 0 : await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), aborted);
            }
            catch (ChunkCorruptException e)
            {
                await gate.ReportCorruptionAsync(chunkId, version, e.Message);
                return Corrupt();
            }
            catch (IOException)
            {
                return DataPlaneGate.Problem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable,
                    "This node could not read its replica from disk; read another replica.");
            }

            var response = context.Response;
            response.StatusCode = range.IsWhole ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent;
            response.ContentType = "application/octet-stream";
            response.ContentLength = length;
            response.Headers.AcceptRanges = "bytes";
            response.Headers.CacheControl = "no-store";
            if (!range.IsWhole)
            {
                var of = total?.ToString(CultureInfo.InvariantCulture) ?? "*";
                response.Headers.ContentRange = length == 0 ? $"bytes */{of}" : $"bytes {offset}-{offset + length - 1}/{of}";
            }

            long sent = 0;
            var read = firstRead;
            while (sent < length)
            {
                if (read == 0)
                {
                    // The store had fewer bytes than the range promised: never pad, cut the body short.
                    DataPlaneLog.ReadAborted(gate.Logger, chunkId, version, sent, "the replica ended before the requested range");
                    context.Abort();
                    return TypedResults.Empty;
                }
                await response.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                sent += read;
                if (sent == length)
                    break;
                try
                {
                    read = await data.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - sent)), aborted);
                }
                catch (ChunkCorruptException e)
                {
                    await gate.ReportCorruptionAsync(chunkId, version, e.Message);
                    DataPlaneLog.ReadAborted(gate.Logger, chunkId, version, sent, "corrupt block");
                    context.Abort();
                    return TypedResults.Empty;
                }
                catch (IOException e)
                {
                    DataPlaneLog.ReadAborted(gate.Logger, chunkId, version, sent, e.Message);
                    context.Abort();
                    return TypedResults.Empty;
                }
            }
            return TypedResults.Empty;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
            return TypedResults.Empty;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<long?> ReplicaLengthAsync(IChunkStore store, Guid chunkId, long version, CancellationToken cancellationToken)
    {
        await foreach (var replica in store.ListAsync(cancellationToken))
        {
            if (replica.Committed && replica.ChunkId == chunkId && replica.Version == version)
                return replica.Length;
        }
        return null;
    }

    private static IResult NoReplica() => DataPlaneGate.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
        "This node has no committed replica of that chunk version; read another replica.");

    private static IResult Corrupt() => DataPlaneGate.Problem(StatusCodes.Status409Conflict, ChunkCorruptCode,
        "This node's replica failed its checksum and was reported for repair; read another replica.");

    private static IResult Unsatisfiable(HttpContext context, long? total)
    {
        context.Response.Headers.ContentRange = $"bytes */{total?.ToString(CultureInfo.InvariantCulture) ?? "*"}";
        return DataPlaneGate.Problem(StatusCodes.Status416RangeNotSatisfiable, ErrorCodes.RangeNotSatisfiable,
            "The range lies outside the replica; ask for bytes within its length.");
    }
}
