using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Transfers;

/// <summary>
/// <see cref="CommandRunner"/> plus what every command that moves file bytes needs: stalled transfers
/// (exit 2, like no answer) and integrity failures (exit 1, <c>checksum_mismatch</c>).
/// </summary>
internal static class TransferCommandRunner
{
    private const string ProblemBase = "https://eddcloud.dev/problems/";

    public static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        CommandRunner.SetAction(command, host, globals, (context, ct) => RunAsync(context, body, ct));

    /// <summary>Runs <paramref name="body"/>, reporting integrity failures and stalls; everything else goes on to <see cref="CommandRunner"/>.</summary>
    public static async Task<int> RunAsync(CommandContext context, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(context, ct);
        }
        catch (TransferIntegrityException e)
        {
            return Report(context, ExitCodes.Failed,
                new ApiProblem(ProblemBase + "checksum-mismatch", "The data does not match its checksum.", null, e.Message, "checksum_mismatch", Hint: e.Hint));
        }
        catch (TransferStalledException e)
        {
            // No answer in time, like an unreachable server: exit 2.
            return Report(context, ExitCodes.Unreachable, new ApiProblem(ProblemBase + "stalled", "The transfer stalled.", null, e.Message, "stalled",
                Hint: "the server or the network stopped moving data; try again, or raise EDD_STALL_TIMEOUT (seconds) for a slow link"));
        }
    }

    /// <summary>A transfer the watchdog cancelled.</summary>
    public static TransferStalledException Stalled(Uri server, StallWatchdog watchdog, long bytes, Exception inner) =>
        new($"the transfer with {CommandContext.Display(server)} stalled: nothing moved for "
            + $"{watchdog.Limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after {ByteSize.Format(bytes)}", inner);

    /// <summary>The same error with another "what to do next".</summary>
    public static ApiException WithHint(ApiException e, string hint)
    {
        var problem = (e.Problem ?? new ApiProblem(null, null, (int)e.Status, e.Message, null)) with { Hint = hint };
        return new ApiException(e.Status, problem, e.RawProblemJson, e.Location, e.RetryAfter);
    }

    private static int Report(CommandContext context, int exitCode, ApiProblem problem)
    {
        if (context.Json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, CommandContext.RelaxedJson))
            {
                JsonSerializer.Serialize(writer, problem, ProblemJsonContext.Default.ApiProblem);
            }

            context.Error.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            context.Error.WriteLine($"error: {problem.Detail}");
            context.Error.WriteLine($"hint: {problem.Hint}");
        }

        return exitCode;
    }
}
