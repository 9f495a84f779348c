using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Compute;

/// <summary>
/// <see cref="CommandRunner"/> plus the compute hints: a container that is not there (or not yours), a full quota,
/// a token without the containers scopes.
/// </summary>
internal static class ComputeCommandRunner
{
    public const string NotFoundHint = "no such container (deleted meanwhile?), or not yours; see `edd containers ls`";

    public const string QuotaHint =
        "you are at your compute quota (containers, CPUs or memory, counted whether they run or not); see `edd compute usage`, "
        + "remove containers you no longer need with `edd containers rm`, or ask an admin to raise it";

    public static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            context.NotFoundHint = NotFoundHint;
            try
            {
                return await body(context, ct);
            }

            // A command that already chose a more precise hint (e.Problem.Hint) keeps it.
            catch (ApiException e) when (e.Status == HttpStatusCode.RequestEntityTooLarge && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, QuotaHint);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, context.UsesEnvironmentToken
                    ? "the token in EDD_TOKEN lacks the scope for this: containers:read to look, containers:write to change (admin:read/admin:write as well for other people's containers)"
                    : "only the container's owner (or an admin) may do this");
            }
        });
}
