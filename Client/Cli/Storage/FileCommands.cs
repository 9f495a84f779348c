using System.CommandLine;
using System.Text.Json;

namespace EddCloud.Cli.Storage;

/// <summary><c>edd files ...</c>: files in namespaces, written <c>&lt;ns&gt;:/path</c>.</summary>
public static class FileCommands
{
    public static Command Create(CliHost host, GlobalOptions globals) => new("files", "Files in namespaces, written <ns>:/path (ns: your namespace's name, or any namespace's id)")
    {
        List(host, globals),
        FileTransferCommands.Put(host, globals),
        FileTransferCommands.Get(host, globals),
        Remove(host, globals),
        Stat(host, globals),
        ShareFile(host, globals),
        Shares(host, globals),
        Unshare(host, globals),
    };

    /// <summary>The 404 hint of a command on one file: where to look for it.</summary>
    internal static string NotFoundHint(StorageTarget file)
    {
        var slash = file.Path.LastIndexOf('/');
        var folder = slash <= 0 ? "/" : file.Path[..slash] + "/";
        return $"no such file, or its namespace is not visible to you; see `edd files ls {file.Namespace}:{folder}` and `edd ns ls`";
    }

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var target = new Argument<string>("target") { Description = "<ns> or <ns>:/folder" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Every file under the folder, not just its direct children" };
        var after = new Option<string?>("--after") { Description = "Start after this cursor (the `next` of the previous page)" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var command = new Command("ls", "List a folder of a namespace (folders end with '/'), one page at a time unless --all") { target, recursive, after, all };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var spec = StorageTarget.Parse(context.Parse.GetRequiredValue(target));
            var prefix = spec.FolderPrefix();
            var deep = context.Parse.GetValue(recursive);
            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NamespaceCommands.NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, spec.Namespace, ct);

            var cursor = context.Parse.GetValue(after);
            var every = context.Parse.GetValue(all);
            var files = new List<StoredFile>();
            var folders = new List<string>();
            var rawFiles = new List<JsonElement>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? next;
            while (true)
            {
                var page = await storage.ListFilesAsync(id, prefix, deep, cursor, ct);
                if (!every && context.Json)
                {
                    context.WriteJson(page.Json);
                    return ExitCodes.Ok;
                }

                files.AddRange(page.Value.Items);
                folders.AddRange(page.Value.Folders);
                if (page.Json.TryGetProperty("items", out var raw))
                {
                    rawFiles.AddRange(raw.EnumerateArray());
                }

                next = page.Value.Next;
                if (!every || next is null)
                {
                    break;
                }

                if (!seen.Add(next))
                {
                    throw new CliUsageException($"the server returned the paging cursor '{next}' twice", "report this server bug");
                }

                cursor = next;
            }

            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("items");
                    rawFiles.ForEach(item => item.WriteTo(w));
                    w.WriteEndArray();
                    w.WriteStartArray("folders");
                    folders.ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                    w.WriteNull("next");
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            StorageTables.WriteFiles(context.Out, folders, files);
            var shown = StorageTarget.Display(spec.Namespace, "/" + prefix);
            if (next is not null)
            {
                context.Error.WriteLine($"more: edd files ls '{shown}'{(deep ? " --recursive" : "")} --after '{next}'  (or --all)");
            }
            else if (files.Count == 0 && folders.Count == 0 && context.Parse.GetValue(after) is null)
            {
                context.Error.WriteLine($"{shown} is empty");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var target = new Argument<string>("file") { Description = "<ns>:/path of the file to delete" };
        var command = new Command("rm", "Delete a file") { target };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = StorageTarget.File(context.Parse.GetRequiredValue(target));
            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint(file);
            var id = await NamespaceResolver.ResolveIdAsync(storage, file.Namespace, ct);
            await storage.DeleteFileAsync(id, file.Path, ct);
            var shown = StorageTarget.Display(file.Namespace, file.Path);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("namespaceId", id);
                    w.WriteString("path", file.Path);
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"deleted {shown}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Stat(CliHost host, GlobalOptions globals)
    {
        var target = new Argument<string>("file") { Description = "<ns>:/path of the file" };
        var command = new Command("stat", "Show a file's size, SHA-256, type, version, times and uploader") { target };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = StorageTarget.File(context.Parse.GetRequiredValue(target));
            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint(file);
            var id = await NamespaceResolver.ResolveIdAsync(storage, file.Namespace, ct);
            var answer = await storage.GetMetadataAsync(id, file.Path, ct);
            context.Write(answer, (o, v) => StorageTables.WriteFile(o, file.Namespace, v));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ShareFile(CliHost host, GlobalOptions globals)
    {
        var target = new Argument<string>("file") { Description = "<ns>:/path of the file to share" };
        var hours = new Option<int?>("--expires-in-hours") { Description = "The link stops working after this many hours (default: never)" };
        var command = new Command("share", "Create a link anyone can download the file with; prints the URL (shown only once)") { target, hours };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var file = StorageTarget.File(context.Parse.GetRequiredValue(target));
            var expires = context.Parse.GetValue(hours);
            if (expires is < 1)
            {
                throw new CliUsageException("--expires-in-hours must be at least 1", "leave it out for a link that does not expire");
            }

            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint(file);
            var id = await NamespaceResolver.ResolveIdAsync(storage, file.Namespace, ct);
            var answer = await storage.CreateShareAsync(id, file.Path, expires, ct);
            context.Write(answer, (o, share) =>
            {
                // The URL alone on stdout, so `url=$(edd files share ...)` works; the rest is for the person.
                o.WriteLine(AbsoluteUrl(storage.Server, share.Url));
                context.Error.WriteLine($"share {share.Id} of {StorageTarget.Display(file.Namespace, file.Path)}, "
                    + (share.ExpiresAt is { } e ? $"expires {Terminal.TableWriter.Time(e)}" : "does not expire")
                    + $"; the URL is shown only now. Revoke it with `edd files unshare {file.Namespace} {share.Id}`");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Shares(CliHost host, GlobalOptions globals)
    {
        var ns = NamespaceCommands.NamespaceArgument();
        var command = new Command("shares", "List a namespace's share links (their URLs are not shown again)") { ns };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NamespaceCommands.NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, context.Parse.GetRequiredValue(ns), ct);
            var answer = await storage.ListSharesAsync(id, ct);
            context.Write(answer, (o, v) =>
            {
                StorageTables.WriteShares(o, v.Items);
                if (v.Items.Count == 0)
                {
                    context.Error.WriteLine("no share links; create one with `edd files share <ns>:/path`");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Unshare(CliHost host, GlobalOptions globals)
    {
        var ns = NamespaceCommands.NamespaceArgument();
        var shareId = new Argument<string>("share-id") { Description = "The id shown by `edd files shares`" };
        var command = new Command("unshare", "Revoke a share link; it stops working at once") { ns, shareId };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var storage = new StorageApi(context.SignedIn());
            var nsArg = context.Parse.GetRequiredValue(ns);
            context.NotFoundHint = NamespaceCommands.NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, nsArg, ct);
            var share = context.Parse.GetRequiredValue(shareId);
            context.NotFoundHint = $"no such share link; see `edd files shares {nsArg}`";
            await storage.DeleteShareAsync(id, share, ct);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", share);
                    w.WriteBoolean("revoked", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"revoked share {share}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The server may answer with a path ("/api/shares/..."); a link to hand out must be absolute.</summary>
    private static string AbsoluteUrl(Uri server, string? url) =>
        string.IsNullOrEmpty(url) ? "(the server sent no URL)"
        : Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.ToString()
        : new Uri(server, url.TrimStart('/')).ToString();
}
