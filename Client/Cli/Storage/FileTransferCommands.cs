using System.CommandLine;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Storage;

/// <summary>
/// <c>edd files put</c> and <c>edd files get</c>: streamed (never held in memory), hashed on the fly and checked
/// against the server's SHA-256, with a progress bar and a <see cref="StallWatchdog"/> instead of a timeout.
/// </summary>
public static class FileTransferCommands
{
    private const string MismatchHint = "try again; if it persists, tell the server's admin (the stored file or a replica may be damaged)";

    public static Command Put(CliHost host, GlobalOptions globals)
    {
        var local = new Argument<string>("local-file") { Description = "File to upload, or - for stdin" };
        var remote = new Argument<string>("target") { Description = "<ns>:/path; a path ending in '/' (or just <ns>) means into that folder, under the local file's name" };
        var noClobber = new Option<bool>("--no-clobber", "-n") { Description = "Refuse to replace an existing file" };
        var command = new Command("put", "Upload a file, replacing any previous version atomically") { local, remote, noClobber };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var localPath = context.Parse.GetRequiredValue(local);
            var fromStdin = localPath == "-";
            var file = RemoteTarget(localPath, StorageTarget.Parse(context.Parse.GetRequiredValue(remote)), fromStdin);
            var limit = StallWatchdog.LimitFrom(host.Environment);

            await using var source = fromStdin ? TransferConsole.For(context.Console).OpenStandardInput() : TransferFiles.OpenLocal(localPath);
            long? length = fromStdin ? null : source.Length;

            var api = context.SignedIn();
            api.DisableTimeout();
            var storage = new StorageApi(api);
            context.NotFoundHint = NamespaceCommands.NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, file.Namespace, ct);
            var shown = StorageTarget.Display(file.Namespace, file.Path);

            using var watchdog = new StallWatchdog(host.Time, limit, ct);
            var progress = TransferFiles.NewProgress(context, host, RemotePath.Name(file.Path), "sent", length);
            using var meter = new TransferMeter(progress, watchdog);
            var uploadId = Guid.NewGuid();
            var noClobberValue = context.Parse.GetValue(noClobber);
            var (answer, created) = await TransferFiles.UploadAsync(storage.Server, source, length, meter, watchdog,
                (content, token) => storage.PutFileAsync(id, file.Path, content, uploadId, noClobberValue, token), ct);
            progress.Complete();

            var sent = meter.Sha256Hex();
            var stored = answer.Value;
            if (!string.Equals(stored.Sha256, sent, StringComparison.OrdinalIgnoreCase) || stored.Size != meter.Bytes)
            {
                throw new TransferIntegrityException(
                    $"the server stored {shown} as {ByteSize.Both(stored.Size)} with sha256 {stored.Sha256}, but this upload sent {ByteSize.Both(meter.Bytes)} with sha256 {sent}",
                    "the stored file is not what was sent; upload it again, and tell the server's admin if it happens again");
            }

            context.Write(answer, (o, v) => o.WriteLine(
                $"{(created ? "uploaded" : "replaced")} {shown} ({ByteSize.Both(v.Size)}, version {v.Version}, sha256 {v.Sha256})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Get(CliHost host, GlobalOptions globals)
    {
        var remote = new Argument<string>("file") { Description = "<ns>:/path of the file to download" };
        var local = new Argument<string?>("local-file")
        {
            Description = "Where to write it (default: the remote name in the current folder; an existing folder: into it; -: stdout)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("get", "Download a file; the target appears only once complete and its SHA-256 verified") { remote, local };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = StorageTarget.File(context.Parse.GetRequiredValue(remote));
            var localArg = context.Parse.GetValue(local);
            var toStdout = localArg == "-";
            var name = RemotePath.Name(file.Path);
            var target = toStdout ? null : TransferFiles.LocalTarget(localArg, name);
            var limit = StallWatchdog.LimitFrom(host.Environment);
            var shown = StorageTarget.Display(file.Namespace, file.Path);

            var api = context.SignedIn();
            api.DisableTimeout();
            var storage = new StorageApi(api);
            context.NotFoundHint = FileCommands.NotFoundHint(file);
            var id = await NamespaceResolver.ResolveIdAsync(storage, file.Namespace, ct);

            using var watchdog = new StallWatchdog(host.Time, limit, ct);
            HttpResponseMessage response;
            try
            {
                response = await storage.GetFileAsync(id, file.Path, watchdog.Token);
            }
            catch (OperationCanceledException e) when (watchdog.Stalled && !ct.IsCancellationRequested)
            {
                throw TransferCommandRunner.Stalled(storage.Server, watchdog, 0, e);
            }

            using (response)
            {
                var length = response.Content.Headers.ContentLength;
                var expected = TransferFiles.Sha256FromETag(response.Headers.ETag);
                var progress = TransferFiles.NewProgress(context, host, name, "received", length);
                using var meter = new TransferMeter(progress, watchdog);
                string sha;
                try
                {
                    if (target is null)
                    {
                        await using var stdout = TransferConsole.For(context.Console).OpenStandardOutput();
                        await TransferFiles.CopyAsync(storage.Server, response, stdout, "stdout", meter, watchdog, ct);
                        sha = TransferFiles.Verify(meter, length, expected, shown, "the output is not the file", MismatchHint);
                    }
                    else
                    {
                        await TransferFiles.DownloadAtomicallyAsync(storage.Server, response, target, meter, watchdog,
                            () => TransferFiles.Verify(meter, length, expected, shown, "nothing was kept", MismatchHint), ct);
                        sha = meter.Sha256Hex();
                    }
                }
                catch
                {
                    progress.Abort();
                    throw;
                }

                progress.Complete();
                WriteResult(context, id, file, shown, target, meter.Bytes, sha, expected is not null);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteResult(CommandContext context, string id, StorageTarget file, string shown, string? target, long received, string sha, bool verified)
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
                w.WriteString("namespaceId", id);
                w.WriteString("path", file.Path);
                w.WriteString("local", target);
                w.WriteNumber("size", received);
                w.WriteString("sha256", sha);
                w.WriteBoolean("verified", verified);
                w.WriteEndObject();
            });
            return;
        }

        context.Out.WriteLine($"downloaded {shown} to {target} ({ByteSize.Format(received)}, {(verified ? "sha256 verified" : "NOT verified: the server sent no SHA-256 ETag")})");
        if (!verified)
        {
            context.Error.WriteLine("warning: the download could not be verified (no ETag with a SHA-256)");
        }
    }

    /// <summary>The file to write: the given path, or the local file's name inside the given folder (a trailing '/', or no path).</summary>
    private static StorageTarget RemoteTarget(string localPath, StorageTarget target, bool fromStdin)
    {
        if (target.Path.Length > 0 && !RemotePath.IsFolder(target.Path))
        {
            return target with { Path = RemotePath.File(target.Path) };
        }

        if (fromStdin)
        {
            throw new CliUsageException("stdin has no name to store it under", $"give the full path, e.g. edd files put - {target.Namespace}:/backups/dump.sql");
        }

        var name = Path.GetFileName(localPath.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var folder = RemotePath.Folder(target.Path);
        return target with { Path = RemotePath.File((folder == "/" ? "/" : folder + "/") + name) };
    }
}
