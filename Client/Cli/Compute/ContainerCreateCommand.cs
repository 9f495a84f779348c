using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Ssh;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Compute;

/// <summary>
/// <c>edd containers create &lt;name&gt; [options] [--wait] -- [command args...]</c>: everything after <c>--</c> is the
/// argv, sent as a list and run without a shell. With <c>--wait</c> it polls the container until it runs, or fails
/// with the reason it ended.
/// </summary>
public static class ContainerCreateCommand
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public const int DefaultWaitSeconds = 120;

    /// <summary>Statuses a new container does not leave by itself: waiting longer is pointless.</summary>
    private static readonly string[] Ended = ["failed", "exited", "stopped", "deleting"];

    public static Command Create(CliHost host, GlobalOptions globals)
    {
        var name = new Argument<string>("name") { Description = "1-63 lowercase letters, digits and '-' (a DNS label), unique among your containers" };
        var argv = new Argument<string[]>("command")
        {
            Description = "After --: the program and its arguments, run without a shell (default: the image's command)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var image = new Option<string?>("--image") { Description = "An image present on the nodes (default: the server's base image)" };
        var cpus = new Option<string?>("--cpus") { Description = "CPU cores, e.g. 0.5 or 2 (default: the server's)" };
        var memory = new Option<string?>("--memory") { Description = "Memory limit, e.g. 512M or 1G (M = MiB, G = GiB; default: the server's)" };
        var pids = new Option<string?>("--pids") { Description = "At most this many processes (default: the server's)" };
        var env = new Option<string[]>("--env", "-e") { Description = "NAME=VALUE, an environment variable (repeat for more)" };
        var port = new Option<string[]>("--port", "-p") { Description = "A container TCP port to publish on the node's 127.0.0.1 (repeat for more)" };
        var restart = new Option<string?>("--restart") { Description = "never, on-failure (the default) or always" };
        restart.AcceptOnlyFromAmong(ContainerOptions.RestartPolicies);
        var key = new Option<string[]>("--key") { Description = "One of your SSH keys (name, id or fingerprint) that may log in (repeat for more; see `edd keys ls`)" };
        var ingress = new Option<string[]>("--ingress") { Description = "name:port[/prefix]: serve the port at https://<name>.<apps domain>[/prefix] (repeat for more)" };
        var noVolume = new Option<bool>("--no-volume")
        {
            Description = "No persistent volume at /data; then the container can move to another node if its node leaves the cluster",
        };
        var wait = new Option<bool>("--wait") { Description = "Wait until it runs; fail with the reason if it fails or exits instead" };
        var waitTimeout = new Option<int?>("--wait-timeout") { Description = $"With --wait: give up after this many seconds (default {DefaultWaitSeconds})" };
        var command = new Command("create", "Create a container and start it: edd containers create web --port 8080 -- python3 -m http.server 8080")
        {
            name, argv, image, cpus, memory, pids, env, port, restart, key, ingress, noVolume, wait, waitTimeout,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var parse = context.Parse;

            // Every option is checked before any request: a typo costs nothing.
            var words = CommandAfterDoubleDash(parse, name, argv);
            var spec = new CreateContainerRequest(
                parse.GetRequiredValue(name),
                parse.GetValue(image),
                ContainerOptions.Cpus(parse.GetValue(cpus)),
                ContainerOptions.Memory(parse.GetValue(memory)),
                ContainerOptions.Positive(parse.GetValue(pids), "--pids", "e.g. --pids 256"),
                ContainerOptions.Env(parse.GetValue(env)),
                words,
                ContainerOptions.Ports(parse.GetValue(port)),
                parse.GetValue(restart),
                null,
                ContainerOptions.IngressRules(parse.GetValue(ingress)),
                parse.GetValue(noVolume) ? false : null);
            var timeoutSeconds = parse.GetValue(waitTimeout);
            if (timeoutSeconds is not null && !parse.GetValue(wait))
            {
                throw new CliUsageException("--wait-timeout needs --wait", "e.g. --wait --wait-timeout 300");
            }

            if (timeoutSeconds is < 1)
            {
                throw new CliUsageException($"--wait-timeout {timeoutSeconds} is not a number of seconds above 0", "e.g. --wait --wait-timeout 300");
            }

            var api = context.SignedIn();
            var keys = parse.GetValue(key) ?? [];
            if (keys.Length > 0)
            {
                var mine = (await new SshKeysApi(api).ListAsync(ct)).Value.Items;
                spec = spec with { AllowedKeys = [.. keys.Select(k => SshKeyResolver.Find(mine, k).Id).Distinct(StringComparer.OrdinalIgnoreCase)] };
            }

            var compute = new ComputeApi(api);
            ApiResponse<Container> answer;
            try
            {
                answer = await compute.CreateAsync(spec, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e,
                    "the container name is yours already (see `edd containers ls`), or an ingress name is taken by anyone (choose another); names ignore case");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.BadRequest && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, "nothing was created; fix the value named above (see `edd containers create --help`)");
            }

            if (!parse.GetValue(wait))
            {
                context.Write(answer, (o, v) => WriteCreated(o, v, $"created container {v.Name} ({v.Id}); status: {v.Status}"));
                if (!context.Json)
                {
                    context.Error.WriteLine($"it starts in the background; watch it with `edd containers show {answer.Value.Name}` (or create with --wait)");
                }

                return ExitCodes.Ok;
            }

            return await WaitAsync(context, compute, answer, TimeSpan.FromSeconds(timeoutSeconds ?? DefaultWaitSeconds), ct);
        });
        return command;
    }

    /// <summary>
    /// The argv, which must follow "--": without it, a stray word ("create web nginx") would silently become the
    /// command. The name must come before "--".
    /// </summary>
    private static List<string>? CommandAfterDoubleDash(ParseResult parse, Argument<string> name, Argument<string[]> argv)
    {
        var tokens = parse.Tokens;
        var dash = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.DoubleDash)
            {
                dash = i;
                break;
            }
        }

        var nameToken = parse.GetResult(name)?.Tokens.FirstOrDefault();
        var nameAt = -1;
        for (var i = 0; nameToken is not null && i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], nameToken))
            {
                nameAt = i;
                break;
            }
        }

        const string Example = "e.g. edd containers create web --port 8080 -- python3 -m http.server 8080";
        if (dash >= 0 && nameAt > dash)
        {
            throw new CliUsageException("the container name must come before --", Example);
        }

        var words = parse.GetValue(argv) ?? [];
        if (words.Length == 0)
        {
            return null;
        }

        if (dash < 0)
        {
            throw new CliUsageException($"unexpected {ComputeTables.ShellWords(words)} after the name: the command goes after --", Example);
        }

        return [.. words];
    }

    private static async Task<int> WaitAsync(CommandContext context, ComputeApi compute, ApiResponse<Container> answer, TimeSpan timeout, CancellationToken ct)
    {
        var started = context.Time.GetTimestamp();
        string? shown = null;
        while (true)
        {
            var c = answer.Value;
            if (!context.Json && c.Status != shown)
            {
                context.Error.WriteLine($"{c.Name}: {c.Status}{(c.StatusReason is { Length: > 0 } why ? $" ({why})" : "")}");
                shown = c.Status;
            }

            if (c.Status == "running")
            {
                context.Write(answer, (o, v) => WriteCreated(o, v, $"container {v.Name} ({v.Id}) is running{(v.Node is null ? "" : " on " + v.Node)}"));
                return ExitCodes.Ok;
            }

            if (Ended.Contains(c.Status))
            {
                if (context.Json)
                {
                    context.WriteJson(answer.Json);
                }

                var why = c.StatusReason is { Length: > 0 } reason ? reason
                    : c.ExitCode is { } code ? $"exit code {code.ToString(CultureInfo.InvariantCulture)}"
                    : "the server gave no reason";
                throw new CliUsageException($"container {c.Name} {c.Status} instead of running: {why}", c.Status is "failed" or "exited"
                    ? $"see what it printed with `edd containers logs {c.Name}`; fix it and `edd containers start {c.Name}`, or `edd containers rm {c.Name}`"
                    : $"someone changed it meanwhile; see `edd containers show {c.Name}`");
            }

            if (context.Time.GetElapsedTime(started) >= timeout)
            {
                if (context.Json)
                {
                    context.WriteJson(answer.Json);
                }

                throw new CliUsageException(
                    $"container {c.Name} is still {c.Status} after {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s",
                    $"it may yet come up: watch it with `edd containers show {c.Name}` and `edd containers logs {c.Name}`, or wait longer with --wait-timeout");
            }

            await Task.Delay(PollInterval, context.Time, ct);
            answer = await compute.GetAsync(c.Id, ct);
        }
    }

    private static void WriteCreated(TextWriter o, Container c, string headline)
    {
        o.WriteLine(headline);
        if (c.Ssh?.Command is { } ssh)
        {
            o.WriteLine($"ssh: {ssh}");
        }

        foreach (var rule in c.Ingress ?? [])
        {
            o.WriteLine($"ingress: {ComputeTables.Describe(rule)}");
        }
    }
}
