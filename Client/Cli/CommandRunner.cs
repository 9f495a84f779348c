using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EddCloud.Cli.Http;

namespace EddCloud.Cli;

/// <summary>
/// Runs a command body and turns every expected failure into <c>error: ...</c>, a hint and an
/// exit code (or a JSON problem on stderr with <c>--json</c>). Only bugs reach System.CommandLine's
/// own handler with a stack trace.
/// </summary>
public static class CommandRunner
{
    private const string ProblemBase = "https://eddcloud.dev/problems/";

    public static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(host, globals, parse, body, ct));

    private static async Task<int> RunAsync(CliHost host, GlobalOptions globals, ParseResult parse, Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken ct)
    {
        using var context = new CommandContext(host, globals, parse);
        try
        {
            return await body(context, ct);
        }
        catch (ApiException e)
        {
            return Report(context, e);
        }
        catch (ServerUnreachableException e)
        {
            var server = CommandContext.Display(e.Server);
            return Report(context, ExitCodes.Unreachable, new ApiProblem(
                ProblemBase + "unreachable", "Cannot reach the server.", null, $"cannot reach the server at {server} ({e.Reason})", "unreachable",
                Hint: $"is the server running at {server}? start it with ./eddcloud.sh run, or pass --server"));
        }
        catch (NotSignedInException e)
        {
            return Report(context, ExitCodes.NotSignedIn, new ApiProblem(
                ProblemBase + "not-signed-in", "Not signed in.", null, e.Message, "not_signed_in", Hint: e.Hint));
        }
        catch (CliUsageException e)
        {
            return Report(context, ExitCodes.Failed, new ApiProblem(ProblemBase + "usage", "The command cannot run.", null, e.Message, "usage", Hint: e.Hint));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (!context.Json)
            {
                context.Error.WriteLine("cancelled");
            }

            return ExitCodes.Cancelled;
        }
    }

    private static int Report(CommandContext context, ApiException e)
    {
        var problem = e.Problem ?? new ApiProblem(null, null, (int)e.Status, e.Message, null);
        var detail = problem.Detail ?? problem.Title ?? e.Message;
        var code = (int)e.Status == 401 ? ExitCodes.NotSignedIn : ExitCodes.Failed;
        var hint = problem.Hint ?? HintFor(context, e);

        if (context.Json)
        {
            context.Error.WriteLine(e.RawProblemJson ?? Serialize(problem with { Detail = detail, Hint = hint }));
            return code;
        }

        context.Error.WriteLine($"error: {detail}");
        foreach (var (field, messages) in problem.Errors ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages.Where(m => m != detail))
            {
                context.Error.WriteLine($"  {field}: {message}");
            }
        }

        if (hint is not null)
        {
            context.Error.WriteLine($"hint: {hint}");
        }

        return code;
    }

    private static int Report(CommandContext context, int exitCode, ApiProblem problem)
    {
        if (context.Json)
        {
            context.Error.WriteLine(Serialize(problem));
            return exitCode;
        }

        context.Error.WriteLine($"error: {problem.Detail}");
        if (problem.Hint is not null)
        {
            context.Error.WriteLine($"hint: {problem.Hint}");
        }

        return exitCode;
    }

    private static string Serialize(ApiProblem problem)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CommandContext.RelaxedJson))
        {
            JsonSerializer.Serialize(writer, problem, ProblemJsonContext.Default.ApiProblem);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? HintFor(CommandContext context, ApiException e) => (int)e.Status switch
    {
        401 when context.UsesEnvironmentToken =>
            "the token in EDD_TOKEN was refused (expired, revoked or mistyped); create a new one with `edd tokens create`, or unset EDD_TOKEN",
        401 => context.UnauthorizedHint ?? "your session expired or was revoked; run `edd login`",
        403 when context.UsesEnvironmentToken =>
            "the API token in EDD_TOKEN lacks the scope for this (API tokens never manage tokens, sessions or passwords); sign in with `edd login` instead",
        403 => "you are signed in but not allowed to do this; admin commands need an admin account",
        404 => context.NotFoundHint ?? "check the id",
        409 => "it already exists or changed meanwhile; check with the matching `ls` command",
        413 => "the request is too large",
        429 => e.RetryAfter is { } wait
            ? $"too many attempts; wait {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s and try again"
            : "too many attempts; wait a minute and try again",
        >= 300 and < 400 => e.Location is { } location
            ? $"the server redirected to {location}; pass that address with --server (redirects are not followed, so the token never leaves this server)"
            : "the server answered with a redirect; check --server",
        >= 500 => "the server failed; try again, and check the server logs if it keeps happening",
        _ => null,
    };
}
