using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Dfs;

/// <summary>
/// <see cref="TransferCommandRunner"/> plus what is specific to <c>edd dfs</c>: hints for 403 (an admin is
/// needed) and 416 (a range outside the file).
/// </summary>
internal static class DfsCommandRunner
{
    public static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        TransferCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            try
            {
                return await body(context, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                throw TransferCommandRunner.WithHint(e, context.UsesEnvironmentToken
                    ? "`edd dfs` needs an admin: the token in EDD_TOKEN must belong to an admin and carry the admin:read scope (admin:write for put and rm)"
                    : "`edd dfs` needs an admin account; sign in as an admin with `edd login`");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                throw TransferCommandRunner.WithHint(e, "the range must lie inside the file; see its size with `edd dfs stat <remote-path>`");
            }
        });
}
