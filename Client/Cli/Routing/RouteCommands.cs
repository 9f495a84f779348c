using System.CommandLine;
using System.Net;
using EddCloud.Cli.Compute;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Routing;

/// <summary>
/// <c>edd admin routes ls|add|set|rm</c>: the cloud's static HTTP routes (host [+ path prefix] to a backend URL), which
/// the edges apply within a second. Routes from routes.yaml are listed but changed only in that file.
/// </summary>
public static class RouteCommands
{
    private const string NotFoundHint = "no such route (removed meanwhile?); see `edd admin routes ls`";

    public static Command Create(CliHost host, GlobalOptions globals) => new("routes", "Static HTTP routes: a host (and path prefix) sent to a backend URL (admins only)")
    {
        List(host, globals),
        Add(host, globals),
        Set(host, globals),
        Remove(host, globals),
    };

    private static Argument<string> RouteId() => new("id") { Description = "The route's id, as `edd admin routes ls` shows it" };

    private static Option<string?> PrefixOption() => new("--prefix") { Description = "Route only paths under this prefix (on a segment boundary), e.g. /wiki; default /" };

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var command = new Command("ls", "List every route: id, host, prefix, strip, backend, source (api or file) and when it changed");
        SetAction(command, host, globals, async (context, ct) =>
        {
            var answer = await new RoutingApi(context.SignedIn()).ListAsync(ct);
            context.Write(answer, (o, v) =>
            {
                RoutingTables.WriteRoutes(o, v.Items);
                if (v.Items.Count == 0)
                {
                    context.Error.WriteLine("no routes yet; add one with `edd admin routes add <host> <backend>`, e.g. edd admin routes add wiki.example.org http://127.0.0.1:3000");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliHost host, GlobalOptions globals)
    {
        var hostName = new Argument<string>("host") { Description = "The host name requests arrive for, e.g. wiki.example.org" };
        var backend = new Argument<string>("backend") { Description = "Where they go: an http(s) URL, e.g. http://127.0.0.1:3000" };
        var prefix = PrefixOption();
        var strip = new Option<bool>("--strip-prefix") { Description = "Remove the prefix from the path before passing the request on" };
        var command = new Command("add", "Route requests for a host (and path prefix) to a backend URL") { hostName, backend, prefix, strip };
        SetAction(command, host, globals, async (context, ct) =>
        {
            var parse = context.Parse;
            var route = new RouteRequest(parse.GetRequiredValue(hostName), ContainerOptions.Prefix(parse.GetValue(prefix)), parse.GetValue(strip),
                parse.GetRequiredValue(backend));
            var answer = await new RoutingApi(context.SignedIn()).AddAsync(route, ct);
            context.Write(answer, (o, v) => o.WriteLine($"added route {v.Id}: {RoutingTables.Describe(v)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(CliHost host, GlobalOptions globals)
    {
        var id = RouteId();
        var hostName = new Option<string?>("--host") { Description = "A new host name" };
        var backend = new Option<string?>("--backend") { Description = "A new backend URL" };
        var prefix = PrefixOption();
        var strip = new Option<bool?>("--strip-prefix") { Description = "true (or no value) to remove the prefix before passing the request on, false to keep it" };
        var command = new Command("set", "Change a route made through the API; what is not given stays as it is") { id, hostName, backend, prefix, strip };
        SetAction(command, host, globals, async (context, ct) =>
        {
            var parse = context.Parse;
            var newPrefix = ContainerOptions.Prefix(parse.GetValue(prefix));
            var (newHost, newBackend, newStrip) = (parse.GetValue(hostName), parse.GetValue(backend), parse.GetValue(strip));
            if ((newHost ?? newBackend ?? newPrefix) is null && newStrip is null)
            {
                throw new CliUsageException("nothing to change", "give --host, --backend, --prefix or --strip-prefix");
            }

            // PUT replaces the whole route: what is not given keeps its current value.
            var routes = new RoutingApi(context.SignedIn());
            var routeId = parse.GetRequiredValue(id);
            var current = (await routes.GetAsync(routeId, ct)).Value;
            var change = new RouteRequest(newHost ?? current.Host, newPrefix ?? current.PathPrefix, newStrip ?? current.StripPrefix, newBackend ?? current.Backend);
            var answer = await routes.UpdateAsync(routeId, change, ct);
            context.Write(answer, (o, v) => o.WriteLine($"changed route {v.Id}: {RoutingTables.Describe(v)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var id = RouteId();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when stdin is not a terminal)" };
        var command = new Command("rm", "Remove a route made through the API; the edges stop routing it within a second") { id, yes };
        SetAction(command, host, globals, async (context, ct) =>
        {
            var routeId = context.Parse.GetRequiredValue(id);
            var confirmed = context.Parse.GetValue(yes);
            context.EnsureConfirmable(confirmed, $"remove route {routeId}");
            var routes = new RoutingApi(context.SignedIn());
            var route = (await routes.GetAsync(routeId, ct)).Value;
            if (!confirmed && !context.Confirm($"Remove route {RoutingTables.Describe(route)}? Requests for it will no longer reach the backend."))
            {
                return ExitCodes.Failed;
            }

            await routes.DeleteAsync(routeId, ct);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", route.Id);
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"removed route {RoutingTables.Describe(route)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            context.NotFoundHint = NotFoundHint;
            try
            {
                return await body(context, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, "see `edd admin routes ls`: each host and prefix has one route, and routes whose source is file change only in routes.yaml");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, context.UsesEnvironmentToken
                    ? "`edd admin routes` needs an admin: the token in EDD_TOKEN must belong to an admin and carry admin:read (admin:write to change routes)"
                    : "`edd admin routes` needs an admin account; sign in as an admin with `edd login`");
            }
        });
}
