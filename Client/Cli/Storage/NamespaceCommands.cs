using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;
using EddCloud.Cli.Users;

namespace EddCloud.Cli.Storage;

/// <summary><c>edd ns ...</c>: namespaces, named by their name (the caller's own) or their id.</summary>
public static class NamespaceCommands
{
    public const string NotFoundHint = "no such namespace, or not visible to you; see `edd ns ls`";

    private static readonly string[] Visibilities = ["private", "visible", "public"];

    public static Command Create(CliHost host, GlobalOptions globals) => new("ns", "Namespaces: named sets of files (private, visible by URL, or public)")
    {
        CreateNamespace(host, globals),
        List(host, globals),
        ListPublic(host, globals),
        SetVisibility(host, globals),
        Rename(host, globals),
        Remove(host, globals),
    };

    internal static Argument<string> NamespaceArgument() =>
        new("ns") { Description = "One of your namespaces by name, or any namespace by id" };

    private static Argument<string> VisibilityArgument()
    {
        var visibility = new Argument<string>("visibility") { Description = "private (owner only), visible (anyone with a file's URL) or public (listed for anyone)" };
        visibility.AcceptOnlyFromAmong(Visibilities);
        return visibility;
    }

    private static Command CreateNamespace(CliHost host, GlobalOptions globals)
    {
        var name = new Argument<string>("name") { Description = "1-64 letters, digits, spaces, '.', '_' or '-'" };
        var visibility = new Option<string>("--visibility") { Description = "private, visible or public", DefaultValueFactory = _ => "private" };
        visibility.AcceptOnlyFromAmong(Visibilities);
        var command = new Command("create", "Create a namespace") { name, visibility };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var storage = new StorageApi(context.SignedIn());
            var wanted = context.Parse.GetRequiredValue(name);
            ApiResponse<StorageNamespace> answer;
            try
            {
                answer = await storage.CreateNamespaceAsync(wanted, context.Parse.GetRequiredValue(visibility), ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                throw TransferCommandRunner.WithHint(e, $"you already have a namespace named '{wanted}' (names ignore case); see `edd ns ls`");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.RequestEntityTooLarge)
            {
                throw TransferCommandRunner.WithHint(e, "you have as many namespaces as your quota allows; see `edd usage`, remove one with `edd ns rm`, or ask an admin to raise it");
            }

            context.Write(answer, (o, v) => o.WriteLine($"created namespace {v.Name} ({v.Id}, {v.Visibility})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var owner = new Option<string?>("--owner") { Description = "Admins: list this user's namespaces (username or id)" };
        var after = new Option<string?>("--after") { Description = "Start after this name (the `next` cursor of the previous page)" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var command = new Command("ls", "List your namespaces (name, id, visibility, used bytes, created), one page at a time unless --all") { owner, after, all };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = context.SignedIn();
            var storage = new StorageApi(api);
            var ownerArg = context.Parse.GetValue(owner);
            string? ownerId = null;
            if (ownerArg is not null)
            {
                ownerId = Guid.TryParse(ownerArg, out var id) ? id.ToString("D") : (await UserResolver.ResolveAsync(api, ownerArg, ct)).Id;
            }

            var more = "edd ns ls" + (ownerArg is null ? "" : $" --owner {ownerArg}");
            await ListPagesAsync(context, c => storage.ListNamespacesAsync(ownerId, c, null, ct), context.Parse.GetValue(after), context.Parse.GetValue(all), withOwner: false, more,
                ownerArg is null ? "you have no namespaces; create one with `edd ns create <name>`" : $"{ownerArg} has no namespaces");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListPublic(CliHost host, GlobalOptions globals)
    {
        var after = new Option<string?>("--after") { Description = "Start after this cursor (the `next` of the previous page)" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var command = new Command("public", "List every public namespace (no sign-in needed)") { after, all };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            // Public namespaces are for anyone: send the session when there is one, go anonymous otherwise.
            EddApiClient api;
            try
            {
                api = context.SignedIn();
            }
            catch (NotSignedInException)
            {
                api = context.Anonymous();
            }

            var storage = new StorageApi(api);
            await ListPagesAsync(context, c => storage.ListPublicNamespacesAsync(c, null, ct), context.Parse.GetValue(after), context.Parse.GetValue(all), withOwner: true,
                "edd ns public", "there are no public namespaces");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetVisibility(CliHost host, GlobalOptions globals)
    {
        var ns = NamespaceArgument();
        var visibility = VisibilityArgument();
        var command = new Command("set-visibility", "Make a namespace private, visible (anyone with a file's URL) or public") { ns, visibility };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, context.Parse.GetRequiredValue(ns), ct);
            var answer = await storage.UpdateNamespaceAsync(id, new UpdateNamespaceRequest(Visibility: context.Parse.GetRequiredValue(visibility)), ct);
            context.Write(answer, (o, v) => o.WriteLine($"{v.Name} is now {v.Visibility}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rename(CliHost host, GlobalOptions globals)
    {
        var ns = NamespaceArgument();
        var newName = new Argument<string>("new-name") { Description = "1-64 letters, digits, spaces, '.', '_' or '-'" };
        var command = new Command("rename", "Rename a namespace; its id, and so every link to it, stays the same") { ns, newName };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, context.Parse.GetRequiredValue(ns), ct);
            var wanted = context.Parse.GetRequiredValue(newName);
            ApiResponse<StorageNamespace> answer;
            try
            {
                answer = await storage.UpdateNamespaceAsync(id, new UpdateNamespaceRequest(Name: wanted), ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                throw TransferCommandRunner.WithHint(e, $"you already have a namespace named '{wanted}' (names ignore case); see `edd ns ls`");
            }

            context.Write(answer, (o, v) => o.WriteLine($"renamed {context.Parse.GetRequiredValue(ns)} to {v.Name} ({v.Id})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var ns = NamespaceArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when stdin is not a terminal)" };
        var command = new Command("rm", "Delete a namespace and every file in it") { ns, yes };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var nsArg = context.Parse.GetRequiredValue(ns);
            var confirmed = context.Parse.GetValue(yes);
            context.EnsureConfirmable(confirmed, $"delete namespace {nsArg}");

            var storage = new StorageApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint;
            var id = await NamespaceResolver.ResolveIdAsync(storage, nsArg, ct);
            if (!confirmed && !context.Confirm($"Delete namespace {nsArg} ({id}) and every file in it? This cannot be undone."))
            {
                return ExitCodes.Failed;
            }

            await storage.DeleteNamespaceAsync(id, ct);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"deleted namespace {nsArg} ({id}); its files are removed in the background");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task ListPagesAsync(CommandContext context, Func<string?, Task<ApiResponse<NamespacePage>>> fetch, string? cursor, bool all, bool withOwner,
        string moreCommand, string emptyNote)
    {
        if (!all)
        {
            var page = await fetch(cursor);
            if (context.Json)
            {
                context.WriteJson(page.Json);
                return;
            }

            StorageTables.WriteNamespaces(context.Out, page.Value.Items, withOwner);
            if (page.Value.Next is { } next)
            {
                context.Error.WriteLine($"more: {moreCommand} --after '{next.Replace("'", "'\\''", StringComparison.Ordinal)}'  (or --all)");
            }
            else if (page.Value.Items.Count == 0 && cursor is null)
            {
                context.Error.WriteLine(emptyNote);
            }

            return;
        }

        var pages = await AllPages<StorageNamespace>.ReadAsync(fetch, p => p.Items, p => p.Next, cursor);
        if (context.Json)
        {
            context.WriteJson(w => pages.WriteJson(w));
            return;
        }

        StorageTables.WriteNamespaces(context.Out, pages.Items, withOwner);
        if (pages.Items.Count == 0)
        {
            context.Error.WriteLine(emptyNote);
        }
    }
}
