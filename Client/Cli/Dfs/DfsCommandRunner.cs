using System.CommandLine;
using System.Net;
using System.Text.Json;
using EddCloud.Cli.Api;

namespace EddCloud.Cli.Dfs;

/// <summary>
/// <see cref="CommandRunner"/> plus what is specific to <c>edd dfs</c>: hints for 403 (an admin is
/// needed) and 416 (a range outside the file), stalled transfers, and integrity failures.
/// </summary>
internal static class DfsCommandRunner
{
    private const string ProblemBase = "https://eddcloud.dev/problems/";

    public static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            try
            {
                return await body(context, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                throw WithHint(e, context.UsesEnvironmentToken
                    ? "`edd dfs` needs an admin: the token in EDD_TOKEN must belong to an admin and carry the admin:read scope (admin:write for put and rm)"
                    : "`edd dfs` needs an admin account; sign in as an admin with `edd login`");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                throw WithHint(e, "the range must lie inside the file; see its size with `edd dfs stat <remote-path>`");
            }
            catch (DfsIntegrityException e)
            {
                return Report(context, ExitCodes.Failed,
                    new ApiProblem(ProblemBase + "checksum-mismatch", "The data does not match its checksum.", null, e.Message, "checksum_mismatch", Hint: e.Hint));
            }
            catch (DfsStalledException e)
            {
                // No answer in time, like an unreachable server: exit 2.
                return Report(context, ExitCodes.Unreachable, new ApiProblem(ProblemBase + "stalled", "The transfer stalled.", null, e.Message, "stalled",
                    Hint: "the server or the network stopped moving data; try again, or raise EDD_STALL_TIMEOUT (seconds) for a slow link"));
            }
        });

    /// <summary>A transfer the watchdog cancelled.</summary>
    public static DfsStalledException Stalled(Uri server, StallWatchdog watchdog, long bytes, Exception inner) =>
        new($"the transfer with {CommandContext.Display(server)} stalled: nothing moved for "
            + $"{watchdog.Limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s after {ByteSize.Format(bytes)}", inner);

    private static ApiException WithHint(ApiException e, string hint)
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
                JsonSerializer.Serialize(writer, problem, ApiJsonContext.Default.ApiProblem);
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
