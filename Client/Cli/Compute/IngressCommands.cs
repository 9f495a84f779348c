using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Compute;

/// <summary><c>edd ingress ls|add|rm</c>: public names (https://&lt;name&gt;.&lt;apps domain&gt;) routed to a container's ports.</summary>
public static class IngressCommands
{
    public static Command Create(CliHost host, GlobalOptions globals) => new("ingress", "Ingress rules: public HTTPS names routed to a container port")
    {
        List(host, globals),
        Add(host, globals),
        Remove(host, globals),
    };

    private static Argument<string> RuleName() =>
        new("name") { Description = "A DNS label (lowercase letters, digits, '-'), unique across the cluster; the URL is https://<name>.<apps domain>" };

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var container = ContainerCommands.ContainerArgument();
        var command = new Command("ls", "List a container's ingress rules: name, port, prefix, URL") { container };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var compute = new ComputeApi(context.SignedIn());
            var containerArg = context.Parse.GetRequiredValue(container);
            var id = await ContainerResolver.ResolveIdAsync(compute, containerArg, ct);
            var answer = await compute.ListIngressAsync(id, ct);
            context.Write(answer, (o, v) =>
            {
                ComputeTables.WriteIngress(o, v.Items);
                if (v.Items.Count == 0)
                {
                    context.Error.WriteLine($"{containerArg} has no ingress rules; add one with `edd ingress add {containerArg} <name> --port <port>`");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliHost host, GlobalOptions globals)
    {
        var container = ContainerCommands.ContainerArgument();
        var name = RuleName();
        var port = new Option<string>("--port") { Description = "The container port to route to (1-65535)", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Route only paths under this prefix, e.g. /api" };
        var command = new Command("add", "Route https://<name>.<apps domain>[prefix] to a container port") { container, name, port, prefix };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var rule = new IngressRequest(
                context.Parse.GetRequiredValue(name),
                ContainerOptions.Port(context.Parse.GetRequiredValue(port), "--port"),
                ContainerOptions.Prefix(context.Parse.GetValue(prefix)));
            var compute = new ComputeApi(context.SignedIn());
            var containerArg = context.Parse.GetRequiredValue(container);
            var id = await ContainerResolver.ResolveIdAsync(compute, containerArg, ct);
            ApiResponse<IngressRule> answer;
            try
            {
                answer = await compute.AddIngressAsync(id, rule, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, $"ingress names are unique across the whole cluster: '{rule.Name}' is taken; choose another name");
            }

            context.Write(answer, (o, v) => o.WriteLine($"added ingress {ComputeTables.Describe(v)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var container = ContainerCommands.ContainerArgument();
        var name = RuleName();
        var command = new Command("rm", "Remove an ingress rule; its name is free again (for anyone)") { container, name };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var compute = new ComputeApi(context.SignedIn());
            var containerArg = context.Parse.GetRequiredValue(container);
            var ruleName = context.Parse.GetRequiredValue(name);
            var id = await ContainerResolver.ResolveIdAsync(compute, containerArg, ct);
            context.NotFoundHint = $"no such container or ingress rule; see `edd ingress ls {containerArg}`";
            await compute.DeleteIngressAsync(id, ruleName, ct);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("containerId", id);
                    w.WriteString("name", ruleName);
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"removed ingress {ruleName} from {containerArg}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
