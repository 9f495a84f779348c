using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Dfs;

/// <summary>
/// <c>edd dfs put</c> and <c>edd dfs get</c>: streamed (never held in memory), hashed on the fly and
/// checked against the server's SHA-256, with a progress bar, without <see cref="HttpClient.Timeout"/>
/// but with a <see cref="StallWatchdog"/>.
/// </summary>
public static class DfsTransferCommands
{
    private const string MismatchHint = "try again; if it persists, a replica may be corrupt: check `edd dfs status` and the server logs";

    public static Command Put(CliHost host, GlobalOptions globals)
    {
        var local = new Argument<string>("local-file") { Description = "File to upload, or - for stdin" };
        var remote = new Argument<string>("remote-path") { Description = "Where to store it; a path ending in '/' means into that folder, under the local file's name" };
        var command = new Command("put", "Upload a file, replacing any previous version atomically") { local, remote };
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var localPath = context.Parse.GetRequiredValue(local);
            var remoteArg = context.Parse.GetRequiredValue(remote);
            var fromStdin = localPath == "-";
            var file = RemoteTarget(localPath, remoteArg, fromStdin);
            var limit = StallWatchdog.LimitFrom(host.Environment);

            await using var source = fromStdin ? TransferConsole.For(context.Console).OpenStandardInput() : TransferFiles.OpenLocal(localPath);
            long? length = fromStdin ? null : source.Length;

            var api = context.SignedIn();
            api.DisableTimeout();
            var dfs = new DfsApi(api);
            context.NotFoundHint = NotFoundHint(file);

            using var watchdog = new StallWatchdog(host.Time, limit, ct);
            var progress = TransferFiles.NewProgress(context, host, DfsRemotePath.Name(file), "sent", length);
            using var meter = new TransferMeter(progress, watchdog);
            var answer = await TransferFiles.UploadAsync(dfs.Server, source, length, meter, watchdog, (content, token) => dfs.PutAsync(file, content, token), ct);
            progress.Complete();
            var sent = meter.Sha256Hex();
            var stored = answer.Value.File;
            if (!string.Equals(stored.Sha256, sent, StringComparison.OrdinalIgnoreCase) || stored.Size != meter.Bytes)
            {
                throw new TransferIntegrityException(
                    $"the server stored {stored.Path} as {ByteSize.Both(stored.Size)} with sha256 {stored.Sha256}, but this upload sent {ByteSize.Both(meter.Bytes)} with sha256 {sent}",
                    "the stored file is not what was sent; upload it again, and check the server logs if it happens again");
            }

            context.Write(answer, (o, v) => DfsTables.WriteUpload(o, v));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Get(CliHost host, GlobalOptions globals)
    {
        var remote = new Argument<string>("remote-path") { Description = "File to download" };
        var local = new Argument<string?>("local-file")
        {
            Description = "Where to write it (default: the remote name in the current folder; an existing folder: into it; -: stdout)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var range = new Option<string?>("--range") { Description = "Only bytes a-b (zero-based, inclusive) or a- (to the end); not checked against the file's SHA-256" };
        var command = new Command("get", "Download a file; the target appears only once complete and verified") { remote, local, range };
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = DfsRemotePath.File(context.Parse.GetRequiredValue(remote));
            var wanted = ParseRange(context.Parse.GetValue(range));
            var localArg = context.Parse.GetValue(local);
            var toStdout = localArg == "-";
            var target = toStdout ? null : TransferFiles.LocalTarget(localArg, DfsRemotePath.Name(file));
            var limit = StallWatchdog.LimitFrom(host.Environment);

            var api = context.SignedIn();
            api.DisableTimeout();
            var dfs = new DfsApi(api);
            context.NotFoundHint = NotFoundHint(file);

            using var watchdog = new StallWatchdog(host.Time, limit, ct);
            HttpResponseMessage response;
            try
            {
                response = await dfs.GetAsync(file, wanted, watchdog.Token);
            }
            catch (OperationCanceledException e) when (watchdog.Stalled && !ct.IsCancellationRequested)
            {
                throw TransferCommandRunner.Stalled(dfs.Server, watchdog, 0, e);
            }

            using (response)
            {
                var length = response.Content.Headers.ContentLength;
                var rangeNote = wanted is null ? null : CheckRange(response, wanted.Value, length);
                var expected = wanted is null ? TransferFiles.Sha256FromETag(response.Headers.ETag) : null;
                var progress = TransferFiles.NewProgress(context, host, DfsRemotePath.Name(file), "received", length);
                using var meter = new TransferMeter(progress, watchdog);
                try
                {
                    if (target is null)
                    {
                        await using var stdout = TransferConsole.For(context.Console).OpenStandardOutput();
                        await TransferFiles.CopyAsync(dfs.Server, response, stdout, "stdout", meter, watchdog, ct);
                    }
                    else
                    {
                        await TransferFiles.DownloadAtomicallyAsync(dfs.Server, response, target, meter, watchdog,
                            () => TransferFiles.Verify(meter, length, expected, file, "nothing was kept", MismatchHint), ct);
                    }
                }
                catch
                {
                    progress.Abort();
                    throw;
                }

                progress.Complete();
                var received = meter.Bytes;
                var sha = target is null ? TransferFiles.Verify(meter, length, expected, file, "the output is not the file", MismatchHint) : meter.Sha256Hex();
                WriteGetResult(context, file, target, received, sha, expected is not null, rangeNote, wanted);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The answer to a Range request must be a 206 for exactly the bytes asked (the end may be clipped at the end of the file).</summary>
    private static string CheckRange(HttpResponseMessage response, (long First, long? Last) wanted, long? length)
    {
        var contentRange = response.Content.Headers.ContentRange;
        if (response.StatusCode != HttpStatusCode.PartialContent || contentRange?.From is not { } from || contentRange.To is not { } to)
        {
            throw new TransferIntegrityException(
                $"asked for bytes {RangeText(wanted)} but the server answered {(int)response.StatusCode} without a Content-Range; nothing was written",
                "check that --server points at an EddCloud server (or a proxy that keeps Range)");
        }

        if (from != wanted.First || (wanted.Last is { } last && to > last) || (length is { } l && l != to - from + 1))
        {
            throw new TransferIntegrityException(
                $"asked for bytes {RangeText(wanted)} but the server sent bytes {from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}; nothing was written",
                "report this server bug");
        }

        return $"bytes {from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}"
            + (contentRange.Length is { } total ? $" of {total.ToString(CultureInfo.InvariantCulture)}" : "");
    }

    private static void WriteGetResult(CommandContext context, string file, string? target, long received, string sha, bool verified, string? rangeNote, (long First, long? Last)? wanted)
    {
        if (target is null)
        {
            // stdout carried the data; a summary there would corrupt it.
            return;
        }

        if (context.Json)
        {
            context.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("path", file);
                w.WriteString("local", target);
                w.WriteNumber("size", received);
                w.WriteString("sha256", sha);
                w.WriteBoolean("verified", verified);
                if (wanted is { } r)
                {
                    w.WriteNumber("rangeFirst", r.First);
                    w.WriteNumber("rangeLast", r.First + received - 1);
                }

                w.WriteEndObject();
            });
            return;
        }

        var what = rangeNote ?? ByteSize.Format(received);
        var check = verified ? "sha256 verified" : wanted is null ? "NOT verified: the server sent no SHA-256 ETag" : "ranges are not verified";
        context.Out.WriteLine($"downloaded {file} to {target} ({what}, {check})");
        if (!verified && wanted is null)
        {
            context.Error.WriteLine("warning: the download could not be verified (no ETag with a SHA-256)");
        }
    }

    private static string NotFoundHint(string file) => DfsCommands.NotFoundHint(file);

    private static string RemoteTarget(string localPath, string remoteArg, bool fromStdin)
    {
        if (!DfsRemotePath.IsFolder(remoteArg))
        {
            return DfsRemotePath.File(remoteArg);
        }

        if (fromStdin)
        {
            throw new CliUsageException("stdin has no name to store it under", "give the full remote path, e.g. edd dfs put - /backups/dump.sql");
        }

        var name = Path.GetFileName(localPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var folder = DfsRemotePath.Folder(remoteArg);
        return DfsRemotePath.File((folder == "/" ? "/" : folder + "/") + name);
    }

    /// <summary>"a-b" (inclusive) or "a-", optionally with a "bytes=" prefix.</summary>
    internal static (long First, long? Last)? ParseRange(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (text.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..];
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0
            && long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && (dash == text.Length - 1 || long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            long? last = dash == text.Length - 1 ? null : long.Parse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            if (last is { } l && l < first)
            {
                throw new CliUsageException($"--range {value} ends before it starts", "use first-last with first <= last, e.g. --range 0-1023");
            }

            return (first, last);
        }

        throw new CliUsageException($"--range {value} is not a byte range", "use first-last (zero-based, inclusive) or first-, e.g. --range 0-1023");
    }

    private static string RangeText((long First, long? Last) range) =>
        range.First.ToString(CultureInfo.InvariantCulture) + "-" + (range.Last?.ToString(CultureInfo.InvariantCulture) ?? "");
}
