using System.CommandLine;
using EddCloud.Cli.Http;
using EddCloud.Cli.Ssh;

namespace EddCloud.Cli.Compute;

/// <summary>
/// <c>edd containers keys</c>: which of your SSH keys may log in to a container. Keys are named as in <c>edd keys</c>
/// (name, id or fingerprint) and sent as ids; changes reach a running container within seconds, without a restart.
/// </summary>
public static class ContainerKeyCommands
{
    public static Command Keys(CliHost host, GlobalOptions globals)
    {
        var container = ContainerCommands.ContainerArgument();
        var set = new Option<string?>("--set") { Description = "Exactly these keys, comma-separated (--set '' allows none)" };
        var add = new Option<string[]>("--add") { Description = "Also allow this key (repeat for more)" };
        var remove = new Option<string[]>("--remove") { Description = "No longer allow this key (repeat for more)" };
        var command = new Command("keys", "Show which of your SSH keys may log in to a container; change it with --set, --add or --remove")
        {
            container, set, add, remove,
        };
        ComputeCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var setArg = context.Parse.GetValue(set);
            var adds = context.Parse.GetValue(add) ?? [];
            var removes = context.Parse.GetValue(remove) ?? [];
            if (setArg is not null && (adds.Length > 0 || removes.Length > 0))
            {
                throw new CliUsageException("--set replaces the whole list: give it alone, or use --add/--remove",
                    "e.g. --set laptop,work, or --add laptop --remove old");
            }

            var api = context.SignedIn();
            var compute = new ComputeApi(api);
            var id = await ContainerResolver.ResolveIdAsync(compute, context.Parse.GetRequiredValue(container), ct);
            var current = await compute.GetAsync(id, ct);
            ApiResponse<Container> answer;
            if (setArg is null && adds.Length == 0 && removes.Length == 0)
            {
                answer = current;
            }
            else
            {
                var mine = (await new SshKeysApi(api).ListAsync(ct)).Value.Items;
                var allowed = new List<string>(current.Value.AllowedKeys ?? []);
                if (setArg is not null)
                {
                    allowed = [.. setArg.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(k => SshKeyResolver.Find(mine, k).Id)];
                }

                foreach (var k in adds)
                {
                    allowed.Add(SshKeyResolver.Find(mine, k).Id);
                }

                foreach (var k in removes)
                {
                    // An id already on the list goes even when the key itself is gone from `edd keys`.
                    var gone = allowed.FirstOrDefault(a => string.Equals(a, k, StringComparison.OrdinalIgnoreCase)) ?? SshKeyResolver.Find(mine, k).Id;
                    allowed.RemoveAll(a => string.Equals(a, gone, StringComparison.OrdinalIgnoreCase));
                }

                answer = await compute.UpdateAsync(id, new UpdateContainerRequest(AllowedKeys: [.. allowed.Distinct(StringComparer.OrdinalIgnoreCase)]), ct);
            }

            if (context.Json)
            {
                context.WriteJson(answer.Json);
                return ExitCodes.Ok;
            }

            var names = await ContainerCommands.KeyNamesAsync(api, answer.Value.AllowedKeys, ct);
            var keys = answer.Value.AllowedKeys ?? [];
            context.Out.WriteLine(keys.Count == 0
                ? $"no SSH key may log in to {answer.Value.Name}"
                : $"SSH keys that may log in to {answer.Value.Name}: {ComputeTables.KeyNames(keys, names)}");
            if (keys.Count == 0 && ReferenceEquals(answer, current))
            {
                context.Error.WriteLine($"allow one with `edd containers keys {answer.Value.Name} --add <key>` (see `edd keys ls`)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
