using System.CommandLine;
using System.Text.Json;
using EddCloud.Cli.Http;
using EddCloud.Cli.Terminal;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Dfs;

/// <summary><c>edd dfs ...</c>: direct access to the distributed file system (admins only).</summary>
public static class DfsCommands
{
    public static Command Create(CliHost host, GlobalOptions globals) => new("dfs", "The distributed file system (admins only)")
    {
        DfsTransferCommands.Put(host, globals),
        DfsTransferCommands.Get(host, globals),
        List(host, globals),
        Remove(host, globals),
        Stat(host, globals),
        Status(host, globals),
        Fsck(host, globals),
    };

    /// <summary>The 404 hint of a command on one file: where to look for it.</summary>
    internal static string NotFoundHint(string file) => $"no such file; see `edd dfs ls {DfsRemotePath.Parent(file)}`";

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var folder = new Argument<string?>("folder") { Description = "Folder to list (default: /)", Arity = ArgumentArity.ZeroOrOne };
        var after = new Option<string?>("--after") { Description = "Start after this name (the `next` cursor of the previous page)" };
        var limit = new Option<int?>("--limit") { Description = "Entries per page (1-1000; server default 100)" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var command = new Command("ls", "List a folder, one page at a time unless --all; folders end with '/'") { folder, after, limit, all };
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var path = DfsRemotePath.Folder(context.Parse.GetValue(folder));
            var cursor = context.Parse.GetValue(after);
            var pageSize = context.Parse.GetValue(limit);
            if (pageSize is < 1 or > 1000)
            {
                throw new CliUsageException("--limit must be between 1 and 1000");
            }

            var dfs = new DfsApi(context.SignedIn());
            if (!context.Parse.GetValue(all))
            {
                var page = await dfs.ListAsync(path, cursor, pageSize, ct);
                if (context.Json)
                {
                    context.WriteJson(page.Json);
                    return ExitCodes.Ok;
                }

                DfsTables.WriteEntries(context.Out, page.Value.Items);
                if (page.Value.Next is { } next)
                {
                    context.Error.WriteLine($"more: edd dfs ls {path} --after {Quote(next)}{(pageSize is { } n ? $" --limit {n}" : "")}  (or --all)");
                }
                else if (page.Value.Items.Count == 0 && cursor is null)
                {
                    context.Error.WriteLine($"{path} is empty");
                }

                return ExitCodes.Ok;
            }

            var pages = await AllPages<DfsEntry>.ReadAsync(c => dfs.ListAsync(path, c, pageSize, ct), p => p.Items, p => p.Next, cursor);
            if (context.Json)
            {
                context.WriteJson(w => pages.WriteJson(w, path));
            }
            else
            {
                DfsTables.WriteEntries(context.Out, pages.Items);
                if (pages.Items.Count == 0)
                {
                    context.Error.WriteLine($"{path} is empty");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var path = new Argument<string>("remote-path") { Description = "File to delete" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when stdin is not a terminal)" };
        var command = new Command("rm", "Delete a file") { path, yes };
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = DfsRemotePath.File(context.Parse.GetRequiredValue(path));
            var confirmed = context.Parse.GetValue(yes);
            if (!confirmed && !context.Console.IsInteractive)
            {
                throw new CliUsageException($"refusing to delete {file} without confirmation: stdin is not a terminal", "pass --yes");
            }

            var dfs = new DfsApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint(file);
            if (!confirmed)
            {
                context.Error.Write($"Delete {file}? This cannot be undone. [y/N] ");
                var reply = context.Console.ReadLine()?.Trim();
                if (!string.Equals(reply, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(reply, "yes", StringComparison.OrdinalIgnoreCase))
                {
                    context.Error.WriteLine("not deleted");
                    return ExitCodes.Failed;
                }
            }

            await dfs.DeleteAsync(file, ct);
            if (context.Json)
            {
                // 204 has no body; say what happened in a form scripts can read.
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", file);
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"deleted {file}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stat(CliHost host, GlobalOptions globals)
    {
        var path = new Argument<string>("remote-path") { Description = "File to describe" };
        var command = new Command("stat", "Show a file's size, SHA-256 and modification time") { path };
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = DfsRemotePath.File(context.Parse.GetRequiredValue(path));
            var dfs = new DfsApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint(file);
            var head = await dfs.HeadAsync(file, ct);
            if (context.Json)
            {
                // HEAD answers with headers only; these are they, as JSON.
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", head.Path);
                    if (head.Size is { } size)
                    {
                        w.WriteNumber("size", size);
                    }
                    else
                    {
                        w.WriteNull("size");
                    }

                    w.WriteString("sha256", head.Sha256);
                    if (head.ModifiedAt is { } modified)
                    {
                        w.WriteString("modifiedAt", modified);
                    }
                    else
                    {
                        w.WriteNull("modifiedAt");
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                DfsTables.WriteHead(context.Out, head);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(CliHost host, GlobalOptions globals)
    {
        var command = new Command("status", "Nodes, disks, free space and replicas; flags dead nodes and under-replication");
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var answer = await new DfsApi(context.SignedIn()).StatusAsync(ct);
            context.Write(answer, (o, v) => DfsTables.WriteStatus(o, v, context.Now));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Fsck(CliHost host, GlobalOptions globals)
    {
        var noVerify = new Option<bool>("--no-verify") { Description = "Check metadata and replica placement only; do not read every replica (much faster)" };
        var command = new Command("fsck",
            "Check every file, chunk and replica and list every problem, errors first. Exit code 0: no errors (warnings allowed); 1: errors found, or the check could not run")
        {
            noVerify,
        };
        DfsCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var verify = !context.Parse.GetValue(noVerify);
            var dfs = new DfsApi(context.SignedIn());
            var terminal = TransferConsole.For(context.Console).IsErrorTerminal;
            ApiResponse<DfsFsckReport> answer;
            TimeSpan took;
            await using (var spinner = new ElapsedSpinner(context.Error, terminal, host.Time,
                verify ? "fsck: reading every replica (Ctrl+C to stop)" : "fsck: checking metadata (Ctrl+C to stop)"))
            {
                answer = await dfs.FsckAsync(verify, ct);
                took = spinner.Elapsed;
            }

            context.Write(answer, (o, report) => DfsTables.WriteFsck(o, report, verify, took));

            // Like fsck(8) and git fsck: a script can test the result; with --json the report is still on stdout.
            return DfsTables.HasErrors(answer.Value) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/') ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
