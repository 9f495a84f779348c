using System.CommandLine;
using EddCloud.Cli.Http;
using EddCloud.Cli.Ssh;
using EddCloud.Cli.Users;

namespace EddCloud.Cli.Compute;

/// <summary><c>edd containers ...</c>: containers, named by their name (the caller's own) or their id.</summary>
public static class ContainerCommands
{
    public static Command Create(CliHost host, GlobalOptions globals) => new("containers", "Containers: create, list, start, stop and remove them; logs, stats and SSH keys")
    {
        ContainerCreateCommand.Create(host, globals),
        List(host, globals),
        Show(host, globals),
        Start(host, globals),
        Stop(host, globals),
        Restart(host, globals),
        Remove(host, globals),
        ContainerLogCommands.Logs(host, globals),
        ContainerLogCommands.Stats(host, globals),
        ContainerKeyCommands.Keys(host, globals),
    };

    internal static Argument<string> ContainerArgument() =>
        new("container") { Description = "One of your containers by name, or any container by id" };

    /// <summary>Names for the caller's SSH key ids, when the caller may list them (a token without account:read may not: then ids stay ids).</summary>
    internal static async Task<IReadOnlyDictionary<string, string>> KeyNamesAsync(EddApiClient api, IReadOnlyList<string>? ids, CancellationToken ct)
    {
        if (ids is not { Count: > 0 })
        {
            return new Dictionary<string, string>();
        }

        try
        {
            var keys = (await new SshKeysApi(api).ListAsync(ct)).Value.Items;
            return keys.ToDictionary(k => k.Id, k => k.Name, StringComparer.OrdinalIgnoreCase);
        }
        catch (ApiException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var owner = new Option<string?>("--owner") { Description = "Admins: list this user's containers (username or id)" };
        var after = new Option<string?>("--after") { Description = "Start after this name (the `next` cursor of the previous page)" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var command = new Command("ls", "List your containers (name, status, image, cpus, memory, node, ports, age), one page at a time unless --all")
        {
            owner, after, all,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = context.SignedIn();
            var compute = new ComputeApi(api);
            var ownerArg = context.Parse.GetValue(owner);
            string? ownerId = null;
            if (ownerArg is not null)
            {
                ownerId = Guid.TryParse(ownerArg, out var id) ? id.ToString("D") : (await UserResolver.ResolveAsync(api, ownerArg, ct)).Id;
            }

            var cursor = context.Parse.GetValue(after);
            var empty = ownerArg is null ? "you have no containers; create one with `edd containers create <name>`" : $"{ownerArg} has no containers";
            if (!context.Parse.GetValue(all))
            {
                var page = await compute.ListAsync(ownerId, cursor, null, ct);
                if (context.Json)
                {
                    context.WriteJson(page.Json);
                    return ExitCodes.Ok;
                }

                ComputeTables.WriteContainers(context.Out, page.Value.Items, context.Now);
                if (page.Value.Next is { } next)
                {
                    var more = "edd containers ls" + (ownerArg is null ? "" : $" --owner {ownerArg}");
                    context.Error.WriteLine($"more: {more} --after '{next.Replace("'", "'\\''", StringComparison.Ordinal)}'  (or --all)");
                }
                else if (page.Value.Items.Count == 0 && cursor is null)
                {
                    context.Error.WriteLine(empty);
                }

                return ExitCodes.Ok;
            }

            var pages = await AllPages<Container>.ReadAsync(c => compute.ListAsync(ownerId, c, null, ct), p => p.Items, p => p.Next, cursor);
            if (context.Json)
            {
                context.WriteJson(w => pages.WriteJson(w));
                return ExitCodes.Ok;
            }

            ComputeTables.WriteContainers(context.Out, pages.Items, context.Now);
            if (pages.Items.Count == 0)
            {
                context.Error.WriteLine(empty);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliHost host, GlobalOptions globals)
    {
        var container = ContainerArgument();
        var command = new Command("show", "Show everything about a container: status and why, limits, volume, ports, env, allowed keys, ingress, ssh command and host keys")
        {
            container,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = context.SignedIn();
            var compute = new ComputeApi(api);
            var id = await ContainerResolver.ResolveIdAsync(compute, context.Parse.GetRequiredValue(container), ct);
            var answer = await compute.GetAsync(id, ct);
            if (context.Json)
            {
                context.WriteJson(answer.Json);
                return ExitCodes.Ok;
            }

            var names = await KeyNamesAsync(api, answer.Value.AllowedKeys, ct);
            ComputeTables.WriteContainer(context.Out, answer.Value, names);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Start(CliHost host, GlobalOptions globals)
    {
        var container = ContainerArgument();
        var command = new Command("start", "Start a stopped container (it then stays running: the silo restarts it after a crash of the node or the engine)")
        {
            container,
        };
        SetStateAction(command, host, globals, container, "start", (_, compute, id, ct) => compute.StartAsync(id, ct));
        return command;
    }

    private static Command Stop(CliHost host, GlobalOptions globals)
    {
        var container = ContainerArgument();
        var timeout = new Option<int?>("--timeout") { Description = "Seconds between SIGTERM and SIGKILL, 1-300 (default: the server's, 10)" };
        var command = new Command("stop", "Stop a container (SIGTERM, then SIGKILL after the timeout); it stays stopped until `edd containers start`")
        {
            container, timeout,
        };
        SetStateAction(command, host, globals, container, "stop", (context, compute, id, ct) => compute.StopAsync(id, context.Parse.GetValue(timeout), ct),
            context =>
            {
                if (context.Parse.GetValue(timeout) is { } seconds and (< 1 or > 300))
                {
                    throw new CliUsageException($"--timeout {seconds} is outside 1-300 seconds", "e.g. --timeout 30; leave it out for the server's 10 s");
                }
            });
        return command;
    }

    private static Command Restart(CliHost host, GlobalOptions globals)
    {
        var container = ContainerArgument();
        var command = new Command("restart", "Restart a container (stop, then start; its /data volume, if it has one, stays)") { container };
        SetStateAction(command, host, globals, container, "restart", (_, compute, id, ct) => compute.RestartAsync(id, ct));
        return command;
    }

    /// <summary>start, stop and restart: resolve, ask, print what the server now wants; <paramref name="check"/> runs before any request.</summary>
    private static void SetStateAction(Command command, CliHost host, GlobalOptions globals, Argument<string> container, string verb,
        Func<CommandContext, ComputeApi, string, CancellationToken, Task<ApiResponse<Container>>> change, Action<CommandContext>? check = null)
    {
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            check?.Invoke(context);
            var compute = new ComputeApi(context.SignedIn());
            var id = await ContainerResolver.ResolveIdAsync(compute, context.Parse.GetRequiredValue(container), ct);
            var answer = await change(context, compute, id, ct);
            context.Write(answer, (o, v) => o.WriteLine($"{verb} requested for {v.Name}: now {v.Status}, wanted {v.DesiredState}"));
            if (!context.Json)
            {
                context.Error.WriteLine($"it goes on in the background; watch it with `edd containers show {answer.Value.Name}`");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var container = ContainerArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when stdin is not a terminal)" };
        var command = new Command("rm", "Delete a container, its /data volume (if any) and its ingress rules") { container, yes };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var containerArg = context.Parse.GetRequiredValue(container);
            var confirmed = context.Parse.GetValue(yes);
            context.EnsureConfirmable(confirmed, $"delete container {containerArg}");
            var compute = new ComputeApi(context.SignedIn());
            var id = await ContainerResolver.ResolveIdAsync(compute, containerArg, ct);
            if (!confirmed && !context.Confirm($"Delete container {containerArg} ({id}), its /data volume and its ingress rules? This cannot be undone."))
            {
                return ExitCodes.Failed;
            }

            await compute.DeleteAsync(id, ct);
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
                context.Out.WriteLine($"deleted container {containerArg} ({id}); its volume and ingress rules are removed in the background");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
