using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Transfers;

/// <summary>
/// The parts of an upload or download every file command shares: local files and targets, the streamed,
/// hashed and watched body, and the download that appears only once complete and verified.
/// </summary>
public static class TransferFiles
{
    public const int BufferSize = 256 * 1024;

    /// <summary>Progress on stderr; a bar only on a terminal, nothing with --json unless stderr is a terminal.</summary>
    public static TransferProgress NewProgress(CommandContext context, CliHost host, string label, string verb, long? total) =>
        new(context.Error, TransferConsole.For(context.Console).IsErrorTerminal, quiet: context.Json, host.Time, label, verb, total);

    /// <summary>
    /// Sends <paramref name="source"/> as the raw body through <paramref name="send"/>, counted and hashed by
    /// <paramref name="meter"/> as the HTTP stack reads it; <paramref name="length"/> is the Content-Length (null: chunked).
    /// </summary>
    public static async Task<T> UploadAsync<T>(Uri server, Stream source, long? length, TransferMeter meter, StallWatchdog watchdog,
        Func<HttpContent, CancellationToken, Task<T>> send, CancellationToken ct)
    {
        await using var body = new MeteredReadStream(source, meter);
        using var content = new StreamContent(body, BufferSize);
        content.Headers.ContentLength = length;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        try
        {
            return await send(content, watchdog.Token);
        }
        catch (OperationCanceledException e) when (watchdog.Stalled && !ct.IsCancellationRequested)
        {
            meter.Progress.Abort();
            throw TransferCommandRunner.Stalled(server, watchdog, meter.Bytes, e);
        }
        catch
        {
            meter.Progress.Abort();
            throw;
        }
    }

    /// <summary>
    /// Streams into a temp file next to the target, runs <paramref name="verify"/> (size, SHA-256), fsyncs, then
    /// renames over the target. On any failure the temp file is deleted and the target left as it was.
    /// </summary>
    public static async Task DownloadAtomicallyAsync(Uri server, HttpResponseMessage response, string target, TransferMeter meter, StallWatchdog watchdog,
        Action verify, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        var temp = Path.Combine(directory, $".{(name.Length > 100 ? name[..100] : name)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.edd-part");
        var moved = false;
        try
        {
            FileStream output;
            try
            {
                output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot create a file in {directory}: {e.Message}", "choose a folder you can write to");
            }

            await using (output)
            {
                await CopyAsync(server, response, output, temp, meter, watchdog, ct);
                verify();
                try
                {
                    output.Flush(flushToDisk: true);
                }
                catch (IOException e)
                {
                    throw new CliUsageException($"cannot write {temp}: {e.Message}", "free some space, or choose another folder");
                }
            }

            try
            {
                File.Move(temp, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot replace {target}: {e.Message}", "is it a folder, read-only, or in use?");
            }

            moved = true;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(temp);
            }
        }
    }

    /// <summary>Copies the response body to <paramref name="output"/> through the meter; a body cut short is "unreachable", a full disk a usage error.</summary>
    public static async Task CopyAsync(Uri server, HttpResponseMessage response, Stream output, string outputName, TransferMeter meter, StallWatchdog watchdog, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var input = await response.Content.ReadAsStreamAsync(watchdog.Token);
            while (true)
            {
                int read;
                try
                {
                    read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), watchdog.Token);
                }
                catch (OperationCanceledException e) when (watchdog.Stalled && !ct.IsCancellationRequested)
                {
                    throw TransferCommandRunner.Stalled(server, watchdog, meter.Bytes, e);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new ServerUnreachableException(server, $"the download broke off after {ByteSize.Format(meter.Bytes)}: {e.Message}", e);
                }

                if (read == 0)
                {
                    return;
                }

                meter.Record(buffer.AsSpan(0, read));
                try
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                catch (IOException e)
                {
                    throw new CliUsageException($"cannot write {outputName}: {e.Message}", "free some space, or choose another target");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Checks what was received against the Content-Length and, when known, the expected SHA-256; returns the SHA-256.
    /// <paramref name="consequence"/> says what became of the data ("nothing was kept").
    /// </summary>
    public static string Verify(TransferMeter meter, long? length, string? expected, string file, string consequence, string mismatchHint)
    {
        var sha = meter.Sha256Hex();
        if (length is { } l && l != meter.Bytes)
        {
            throw new TransferIntegrityException($"received {ByteSize.Both(meter.Bytes)} of {file}, but the server announced {ByteSize.Both(l)}; {consequence}", "try again");
        }

        if (expected is not null && !string.Equals(expected, sha, StringComparison.Ordinal))
        {
            throw new TransferIntegrityException($"the data received for {file} has sha256 {sha}, but the file's sha256 is {expected}; {consequence}", mismatchHint);
        }

        return sha;
    }

    /// <summary>The SHA-256 in a strong ETag <c>"&lt;64 hex&gt;"</c>, lowercase; null for anything else.</summary>
    public static string? Sha256FromETag(EntityTagHeaderValue? etag)
    {
        if (etag is null || etag.IsWeak)
        {
            return null;
        }

        var tag = etag.Tag.Trim('"');
        return tag.Length == 64 && tag.All(char.IsAsciiHexDigit) ? tag.ToLowerInvariant() : null;
    }

    /// <summary>Opens a local file to upload; a folder or a missing file is a usage error, checked before any request.</summary>
    public static FileStream OpenLocal(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliUsageException($"{path} is a folder", "upload files one at a time (or pack the folder first, e.g. with tar)");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliUsageException($"there is no local file {path}", "check the name; upload a file, not a folder");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>The full local path to write: the remote name in the current folder, or inside a given folder, or the given file.</summary>
    public static string LocalTarget(string? localArg, string remoteName)
    {
        var path = string.IsNullOrEmpty(localArg) ? remoteName
            : Directory.Exists(localArg) || localArg.EndsWith(Path.DirectorySeparatorChar) || localArg.EndsWith(Path.AltDirectorySeparatorChar)
                ? Path.Combine(localArg, remoteName)
                : localArg;
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new CliUsageException($"the folder {directory ?? full} does not exist", "create it first, or choose another target");
        }

        if (Directory.Exists(full))
        {
            throw new CliUsageException($"{full} is a folder");
        }

        return full;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover ".edd-part" file is visible and harmless.
        }
    }
}
