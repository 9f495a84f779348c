using System.IO.Pipelines;
using System.Net;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>A request body read from a pipe as it fills (chunked transfer encoding); completes the pipe's reader when the request ends.</summary>
internal sealed class PipeReaderContent(PipeReader reader) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await reader.CopyToAsync(stream, cancellationToken);
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            // Unblocks the writer at once when the request dies (node gone, answered early).
            await reader.CompleteAsync(failure);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
