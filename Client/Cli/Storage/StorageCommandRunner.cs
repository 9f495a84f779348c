using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Storage;

/// <summary>
/// <see cref="TransferCommandRunner"/> plus the storage hints: what to do about a full quota, a file that
/// already exists, a namespace the caller may see but not change.
/// </summary>
internal static class StorageCommandRunner
{
    public static void SetAction(Command command, CliHost host, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<int>> body) =>
        TransferCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            try
            {
                return await body(context, ct);
            }

            // A command that already chose a more precise hint (e.Problem.Hint) keeps it.
            catch (ApiException e) when (e.Status == HttpStatusCode.RequestEntityTooLarge && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, e.Problem?.Code == "quota_exceeded"
                    ? "you are at your storage quota; see `edd usage`, delete files you no longer need, or ask an admin to raise it"
                    : "the file is larger than this server accepts (Storage:MaxFileBytes); split it, or ask an admin");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.PreconditionFailed && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, "the file already exists and --no-clobber was given; drop --no-clobber to replace it");
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden && e.Problem?.Hint is null)
            {
                throw TransferCommandRunner.WithHint(e, context.UsesEnvironmentToken
                    ? "the token in EDD_TOKEN lacks the scope for this: files:read to read, files:write to change (admin:read/admin:write for other people's namespaces)"
                    : "only the namespace's owner (or an admin) may do this");
            }
        });
}
