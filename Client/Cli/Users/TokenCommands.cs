using System.CommandLine;
using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Users;

/// <summary><c>edd tokens ls|create|rm</c>: API tokens for scripts.</summary>
public static class TokenCommands
{
    public const int DefaultExpiresInDays = 30;

    public static Command Create(CliHost host, GlobalOptions globals) =>
        new("tokens", "API tokens for scripts (use one with EDD_TOKEN=...)") { List(host, globals), CreateToken(host, globals), Remove(host, globals) };

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var command = new Command("ls", "List your API tokens (never their secrets)");
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var answer = await new UsersApi(context.SignedIn()).ListMyTokensAsync(ct);
            context.Write(answer, (o, v) => UserTables.WriteTokens(o, v.Items));

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateToken(CliHost host, GlobalOptions globals)
    {
        var name = new Argument<string>("name") { Description = "A name to recognise the token by" };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A scope the token may use (repeat for more): account:read, files:read, files:write, containers:read, containers:write, admin:read, admin:write",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var expires = new Option<int>("--expires-in-days")
        {
            Description = "Days until the token stops working",
            DefaultValueFactory = _ => DefaultExpiresInDays,
        };
        var command = new Command("create", "Create an API token; its secret is shown once") { name, scopes, expires };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var days = context.Parse.GetValue(expires);
            if (days < 1)
            {
                throw new CliUsageException("--expires-in-days must be at least 1");
            }

            var answer = await new UsersApi(context.SignedIn()).CreateTokenAsync(context.Parse.GetRequiredValue(name), context.Parse.GetRequiredValue(scopes), days, ct);
            if (context.Json)
            {
                context.WriteJson(answer.Json);
                context.Error.WriteLine("warning: the token is shown only this once; store it now");
                return ExitCodes.Ok;
            }

            var info = answer.Value.Info;
            context.Out.WriteLine(answer.Value.Token);
            context.Error.WriteLine("warning: this token is shown only once and cannot be shown again; store it now (e.g. in a secret manager)");
            context.Error.WriteLine($"created token {info.Id} '{info.Name}' with {string.Join(", ", info.Scopes)}; it expires {TableWriter.Time(info.ExpiresAt)}");
            context.Error.WriteLine("use it with: EDD_TOKEN=<token> edd ...");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var id = new Argument<string>("id") { Description = "Token id (see `edd tokens ls`)" };
        var command = new Command("rm", "Revoke an API token") { id };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            context.NotFoundHint = "list your tokens with `edd tokens ls`";
            var tokenId = context.Parse.GetRequiredValue(id);
            await new UsersApi(context.SignedIn()).DeleteTokenAsync(tokenId, ct);
            if (!context.Json)
            {
                context.Out.WriteLine($"revoked token {tokenId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
