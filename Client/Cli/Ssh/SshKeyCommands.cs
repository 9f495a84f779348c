using System.CommandLine;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Ssh;

/// <summary><c>edd keys add|ls|rename|rm</c>: the SSH public keys that may log in to your containers.</summary>
public static class SshKeyCommands
{
    public const string NotFoundHint = "no such SSH key (deleted meanwhile?); see `edd keys ls`";

    public const string DuplicateHint = "this key is already added (see `edd keys ls`)";

    public const string NameRules = "names are 1-64 printable characters";

    public static Command Create(CliHost host, GlobalOptions globals) => new("keys", "Your SSH public keys (for logging in to containers)")
    {
        Add(host, globals),
        List(host, globals),
        Rename(host, globals),
        Remove(host, globals),
    };

    private static Argument<string> KeyArgument() =>
        new("key") { Description = "One of your keys: its id, name or fingerprint (SHA256:...)" };

    private static Command Add(CliHost host, GlobalOptions globals)
    {
        var file = new Argument<string?>("file")
        {
            Description = $"The public key file, or - for stdin (default: the first of ~/.ssh/{string.Join(", ~/.ssh/", SshKeyFiles.DefaultNames)} that exists)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var name = new Option<string?>("--name") { Description = "A name to recognise the key by (default: the key's comment, else its type)" };
        var command = new Command("add", "Add an SSH public key (never the private one)") { file, name };
        SshCommandRunner.SetAction(command, host, globals, changes: true, async (context, ct) =>
        {
            var source = context.Parse.GetValue(file) ?? SshKeyFiles.FindDefault(host.Environment);
            var wanted = context.Parse.GetValue(name);
            if (wanted is not null && string.IsNullOrWhiteSpace(wanted))
            {
                throw new CliUsageException("--name must not be empty", NameRules + "; leave --name out to use the key's comment");
            }

            // Read and check before signing in: a private key is refused even when no session is at hand.
            var publicKey = await SshKeyFiles.ReadAsync(source, context, ct);
            var keys = new SshKeysApi(context.SignedIn());
            ApiResponse<SshKey> answer;
            try
            {
                answer = await keys.AddAsync(wanted, publicKey, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Conflict)
            {
                throw TransferCommandRunner.WithHint(e, DuplicateHint);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.BadRequest)
            {
                throw TransferCommandRunner.WithHint(e, $"give an ed25519, ecdsa or rsa (>= 2048 bits) public key; {SshKeyFiles.GenerateHint}");
            }

            context.Write(answer, (o, v) => o.WriteLine($"added SSH key {SshTables.Describe(v)} as {v.Id}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var command = new Command("ls", "List your SSH keys: name, type, bits, fingerprint, id, added");
        SshCommandRunner.SetAction(command, host, globals, changes: false, async (context, ct) =>
        {
            var answer = await new SshKeysApi(context.SignedIn()).ListAsync(ct);
            context.Write(answer, (o, v) =>
            {
                SshTables.WriteKeys(o, v.Items);
                if (v.Items.Count == 0)
                {
                    context.Error.WriteLine($"you have no SSH keys; add one with `edd keys add` ({SshKeyFiles.GenerateHint})");
                }
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rename(CliHost host, GlobalOptions globals)
    {
        var key = KeyArgument();
        var newName = new Argument<string>("new-name") { Description = NameRules };
        var command = new Command("rename", "Rename an SSH key") { key, newName };
        SshCommandRunner.SetAction(command, host, globals, changes: true, async (context, ct) =>
        {
            var keys = new SshKeysApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint;
            var found = await SshKeyResolver.ResolveAsync(keys, context.Parse.GetRequiredValue(key), ct);
            ApiResponse<SshKey> answer;
            try
            {
                answer = await keys.RenameAsync(found.Id, context.Parse.GetRequiredValue(newName), ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.BadRequest)
            {
                throw TransferCommandRunner.WithHint(e, NameRules);
            }

            context.Write(answer, (o, v) => o.WriteLine($"renamed SSH key {found.Name} to {v.Name} ({v.Fingerprint})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var key = KeyArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when stdin is not a terminal)" };
        var command = new Command("rm", "Delete an SSH key; it can no longer log in anywhere") { key, yes };
        SshCommandRunner.SetAction(command, host, globals, changes: true, async (context, ct) =>
        {
            var keyArg = context.Parse.GetRequiredValue(key);
            var confirmed = context.Parse.GetValue(yes);
            context.EnsureConfirmable(confirmed, $"delete SSH key {keyArg}");

            var keys = new SshKeysApi(context.SignedIn());
            context.NotFoundHint = NotFoundHint;
            var found = await SshKeyResolver.ResolveAsync(keys, keyArg, ct);
            if (!confirmed && !context.Confirm($"Delete SSH key {SshTables.Describe(found)}? It can no longer log in anywhere."))
            {
                return ExitCodes.Failed;
            }

            await keys.DeleteAsync(found.Id, ct);
            if (context.Json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", found.Id);
                    w.WriteString("fingerprint", found.Fingerprint);
                    w.WriteBoolean("deleted", true);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Out.WriteLine($"deleted SSH key {SshTables.Describe(found)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
