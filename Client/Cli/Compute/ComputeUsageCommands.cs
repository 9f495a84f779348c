using System.CommandLine;
using System.Globalization;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;
using EddCloud.Cli.Users;

namespace EddCloud.Cli.Compute;

/// <summary><c>edd compute usage</c> and <c>edd admin compute-quota</c>: containers, CPUs and memory used and allowed.</summary>
public static class ComputeUsageCommands
{
    public static Command Create(CliHost host, GlobalOptions globals) => new("compute", "Your compute: containers, CPU cores and memory")
    {
        Usage(host, globals),
    };

    private static Command Usage(CliHost host, GlobalOptions globals)
    {
        var command = new Command("usage", "Show the containers, CPU cores and memory your containers hold (running or not), and your quota");
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            context.Write(await new ComputeApi(context.SignedIn()).MyComputeAsync(ct), ComputeTables.WriteUsage);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Quota(CliHost host, GlobalOptions globals)
    {
        var user = new Argument<string>("user") { Description = "Username or user id" };
        var containers = new Option<string?>("--containers") { Description = "Containers the user may have, or 'default'" };
        var cpus = new Option<string?>("--cpus") { Description = "CPU cores their containers may add up to, e.g. 4 or 2.5, or 'default'" };
        var memory = new Option<string?>("--memory") { Description = "Memory their containers may add up to, e.g. 4G or 512M, or 'default'" };
        var reset = new Option<bool>("--default") { Description = "Set all three back to the server's defaults (Compute:DefaultQuota*)" };
        var command = new Command("compute-quota", "Show a user's compute and quota; with --containers/--cpus/--memory/--default, change it (admins only)")
        {
            user, containers, cpus, memory, reset,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            try
            {
                return await QuotaAsync(context, user, containers, cpus, memory, reset, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                throw TransferCommandRunner.WithHint(e, context.UsesEnvironmentToken
                    ? "`edd admin compute-quota` needs an admin: the token in EDD_TOKEN must belong to an admin and carry admin:read (admin:write to change a quota)"
                    : "`edd admin compute-quota` needs an admin account; sign in as an admin with `edd login`");
            }
        });
        return command;
    }

    private static async Task<int> QuotaAsync(CommandContext context, Argument<string> user, Option<string?> containers, Option<string?> cpus,
        Option<string?> memory, Option<bool> reset, CancellationToken ct)
    {
        var parse = context.Parse;
        var toDefaults = parse.GetValue(reset);
        var containersArg = parse.GetValue(containers);
        var cpusArg = parse.GetValue(cpus);
        var memoryArg = parse.GetValue(memory);
        if (toDefaults && (containersArg ?? cpusArg ?? memoryArg) is not null)
        {
            throw new CliUsageException("--default resets all three limits: give it alone",
                "to reset one limit only, give it the value default, e.g. --cpus default");
        }

        var maxContainers = Limit<int>(containersArg, "--containers",
            t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null, "e.g. --containers 5, or --containers default");
        var maxCpus = Limit<double>(cpusArg, "--cpus",
            t => double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : (double?)null,
            "e.g. --cpus 4 or --cpus 2.5, or --cpus default");
        var maxMemory = Limit<long>(memoryArg, "--memory", t => ByteSize.Parse(t), "e.g. --memory 4G (G = GiB), or --memory default");

        var api = context.SignedIn();
        var found = await UserResolver.ResolveAsync(api, parse.GetRequiredValue(user), ct);
        var compute = new ComputeApi(api);
        if (!toDefaults && maxContainers is null && maxCpus is null && maxMemory is null)
        {
            context.Write(await compute.UserComputeAsync(found.Id, ct), (o, v) => WriteQuota(o, found.Username, v));
            return ExitCodes.Ok;
        }

        // PUT sets all three: a limit not given keeps its current value; "default" (and --default) is sent as null.
        SetComputeQuotaRequest quota;
        if (toDefaults)
        {
            quota = new SetComputeQuotaRequest(null, null, null);
        }
        else
        {
            var current = (await compute.UserComputeAsync(found.Id, ct)).Value;
            quota = new SetComputeQuotaRequest(
                maxContainers is { } c ? c.Value : current.MaxContainers,
                maxCpus is { } p ? p.Value : current.MaxCpus,
                maxMemory is { } m ? m.Value : current.MaxMemoryBytes);
        }

        context.Write(await compute.SetUserQuotaAsync(found.Id, quota, ct), (o, v) => WriteQuota(o, found.Username, v));
        return ExitCodes.Ok;
    }

    private static void WriteQuota(TextWriter writer, string username, ComputeUsage usage)
    {
        writer.WriteLine($"user {username}");
        ComputeTables.WriteUsage(writer, usage);
    }

    /// <summary>A limit as typed: null when not given, else a value (null inside for "default"); negative values are refused.</summary>
    private static Given<T>? Limit<T>(string? text, string option, Func<string, T?> parse, string example)
        where T : struct, IComparable<T>
    {
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text.Trim(), "default", StringComparison.OrdinalIgnoreCase))
        {
            return new Given<T>(null);
        }

        return parse(text.Trim()) is { } value && value.CompareTo(default) >= 0
            ? new Given<T>(value)
            : throw new CliUsageException($"{option} {text} is not a valid limit", example);
    }

    /// <summary>Given on the command line, with <see cref="Value"/> null for "default".</summary>
    private readonly record struct Given<T>(T? Value)
        where T : struct;
}
