using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Ssh;

/// <summary>
/// <see cref="TransferCommandRunner"/> (for stdin) plus the SSH key hints: keys are credentials, so an API token
/// may list them (account:read) but never add, rename or delete them.
/// </summary>
internal static class SshCommandRunner
{
    public const string SignInHint = "sign in with `edd login`: keys are credentials, and API tokens cannot add, rename or delete them";

    public const string ListScopeHint = "the token in EDD_TOKEN needs the account:read scope to list SSH keys; or sign in with `edd login`";

    public static void SetAction(Command command, CliHost host, GlobalOptions globals, bool changes, Func<CommandContext, CancellationToken, Task<int>> body) =>
        TransferCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            try
            {
                return await body(context, ct);
            }

            // A command that already chose a more precise hint (e.Problem.Hint) keeps it.
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden && context.UsesEnvironmentToken && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, changes ? SignInHint : ListScopeHint);
            }
        });
}
