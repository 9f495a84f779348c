using System.CommandLine;

namespace EddCloud.Cli.Compute;

/// <summary>
/// <c>edd containers logs</c> and <c>stats</c>: what a container printed (its stderr lines to stderr) and what it uses,
/// once or followed over the server's event streams until Ctrl+C or the stream ends.
/// </summary>
public static class ContainerLogCommands
{
    public static Command Logs(CliHost host, GlobalOptions globals)
    {
        var container = ContainerCommands.ContainerArgument();
        var tail = new Option<int?>("--tail") { Description = "The last N lines, 1-5000 (default: the server's, 200)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C (or the stream ends)" };
        var command = new Command("logs", "Print what a container wrote: stdout lines to stdout, stderr lines to stderr (--json: the lines as JSON)")
        {
            container, tail, follow,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var lines = context.Parse.GetValue(tail);
            if (lines is < 1 or > 5000)
            {
                throw new CliUsageException($"--tail {lines} is outside 1-5000", "e.g. --tail 100");
            }

            var compute = new ComputeApi(context.SignedIn());
            var id = await ContainerResolver.ResolveIdAsync(compute, context.Parse.GetRequiredValue(container), ct);
            if (!context.Parse.GetValue(follow))
            {
                var answer = await compute.LogsAsync(id, lines, ct);
                context.Write(answer, (_, v) =>
                {
                    foreach (var line in v.Items)
                    {
                        Print(context, line);
                    }
                });
                return ExitCodes.Ok;
            }

            // A stream that runs for hours must not meet the client's 60 s request timeout: it gets a client of its own.
            var streaming = context.SignedIn();
            streaming.DisableTimeout();
            await foreach (var line in new ComputeApi(streaming).FollowLogsAsync(id, lines, ct))
            {
                if (context.Json)
                {
                    context.WriteJson(line.Json);
                }
                else
                {
                    Print(context, line.Value);
                }
            }

            if (!context.Json)
            {
                context.Error.WriteLine("the log stream ended (the server closed it)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Stats(CliHost host, GlobalOptions globals)
    {
        var container = ContainerCommands.ContainerArgument();
        var follow = new Option<bool>("--follow", "-f") { Description = "A new line every 2 s until Ctrl+C (or the stream ends)" };
        var command = new Command("stats", "Show what a container uses: CPU (100% = one core), memory of its limit, network, processes, restarts")
        {
            container, follow,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var compute = new ComputeApi(context.SignedIn());
            var id = await ContainerResolver.ResolveIdAsync(compute, context.Parse.GetRequiredValue(container), ct);
            if (!context.Parse.GetValue(follow))
            {
                context.Write(await compute.StatsAsync(id, ct), ComputeTables.WriteStats);
                return ExitCodes.Ok;
            }

            var streaming = context.SignedIn();
            streaming.DisableTimeout();
            var header = false;
            await foreach (var sample in new ComputeApi(streaming).FollowStatsAsync(id, ct))
            {
                if (context.Json)
                {
                    context.WriteJson(sample.Json);
                    continue;
                }

                if (!header)
                {
                    context.Out.WriteLine(ComputeTables.StatsHeader.TrimEnd());
                    header = true;
                }

                context.Out.WriteLine(ComputeTables.StatsLine(sample.Value).TrimEnd());
            }

            if (!context.Json)
            {
                context.Error.WriteLine("the stats stream ended (the server closed it)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CommandContext context, LogLine line)
    {
        var writer = line.Stream == "stderr" ? context.Error : context.Out;
        writer.WriteLine(line.Text.TrimEnd('\r', '\n'));
    }
}
