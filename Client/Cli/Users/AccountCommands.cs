using System.CommandLine;
using System.Text.Json;
using EddCloud.Cli.Config;
using EddCloud.Cli.Http;
using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Users;

/// <summary><c>edd login</c>, <c>logout</c>, <c>whoami</c> and <c>password</c>: the signed-in account.</summary>
public static class AccountCommands
{
    public static IEnumerable<Command> Create(CliHost host, GlobalOptions globals)
    {
        yield return Login(host, globals);
        yield return Logout(host, globals);
        yield return WhoAmI(host, globals);
        yield return Password(host, globals);
    }

    private static Command Login(CliHost host, GlobalOptions globals)
    {
        var username = new Option<string?>("--username", "-u") { Description = "Username (prompted for when missing)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password as one line from stdin" };
        var command = new Command("login", "Sign in and remember the session for later commands") { username, passwordStdin };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            context.UnauthorizedHint = "check the username and password (usernames ignore case, passwords do not)";
            var server = context.Server;
            var name = context.Parse.GetValue(username) ?? PromptUsername(context);
            if (server.Scheme == Uri.UriSchemeHttp && !CommandContext.IsLoopback(server))
            {
                context.Error.WriteLine($"warning: {CommandContext.Display(server)} is plain HTTP; the password and token cross the network unencrypted");
            }

            var password = PasswordInput.ReadExisting(context, context.Parse.GetValue(passwordStdin), $"Password for {name}: ");
            var answer = await new UsersApi(context.Anonymous()).CreateSessionTokenAsync(name, password, ct);
            var session = answer.Value;
            context.Store.Save(new CliConfig(CommandContext.Display(server), session.Token, session.User.Username, session.ExpiresAt));

            if (context.Json)
            {
                // The session token lives in the config file; it is not echoed, not even for scripts.
                context.WriteJson(w => CopyWithout(w, answer.Json, "token"));
            }
            else
            {
                context.Out.WriteLine($"signed in to {CommandContext.Display(server)} as {session.User.Username} ({session.User.Role}); the session expires {TableWriter.Time(session.ExpiresAt)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logout(CliHost host, GlobalOptions globals)
    {
        var command = new Command("logout", "Revoke the stored session on the server and forget it here");
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var config = context.Config;
            if (config?.Token is null)
            {
                context.Error.WriteLine("not signed in; nothing to do");
                return ExitCodes.Ok;
            }

            // Logout always targets the server that issued the stored session, whatever --server says.
            var client = host.CreateHttpClient(CommandContext.ParseServer(config.Server));
            try
            {
                await new UsersApi(new EddApiClient(client, config.Token)).LogoutAsync(ct);
            }
            catch (Exception e) when (e is ApiException or ServerUnreachableException)
            {
                context.Store.ForgetSession();
                if (e is ApiException { Status: System.Net.HttpStatusCode.Unauthorized })
                {
                    // The server already considers the session dead: that is what logout wants.
                    context.Error.WriteLine("the session had already expired or been revoked; forgot it here");
                    return ExitCodes.Ok;
                }

                context.Error.WriteLine($"warning: the server did not revoke the session ({e.Message}); the stored token was deleted anyway");
                context.Error.WriteLine($"hint: the session stays valid until {TableWriter.Time(config.ExpiresAt)}; revoke it from another session with `edd sessions revoke`");
                return e is ServerUnreachableException ? ExitCodes.Unreachable : ExitCodes.Failed;
            }
            finally
            {
                client.Dispose();
            }

            context.Store.ForgetSession();
            if (!context.Json)
            {
                context.Out.WriteLine($"signed out of {config.Server}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command WhoAmI(CliHost host, GlobalOptions globals)
    {
        var command = new Command("whoami", "Show who the current credentials belong to");
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var answer = await new UsersApi(context.SignedIn()).GetMeAsync(ct);
            if (context.Json)
            {
                context.WriteJson(answer.Json);
                return ExitCodes.Ok;
            }

            var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
            table.AddRow("username", answer.Value.Username);
            table.AddRow("role", answer.Value.Role);
            table.AddRow("id", answer.Value.Id);
            table.AddRow("server", CommandContext.Display(context.Server));
            table.AddRow("credentials", context.UsesEnvironmentToken ? "API token from EDD_TOKEN" : $"session until {TableWriter.Time(context.Config?.ExpiresAt)}");
            table.WriteTo(context.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Password(CliHost host, GlobalOptions globals)
    {
        var command = new Command("password", "Change your own password (your other sessions are signed out)");
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var current = PasswordInput.ReadExisting(context, fromStdin: false, "Current password: ");
            var next = PasswordInput.ReadNew(context, "New password: ");
            context.UnauthorizedHint = "the current password is wrong, or your session ended; run `edd login` if it keeps happening";
            await api.ChangePasswordAsync(current, next, ct);
            if (!context.Json)
            {
                context.Out.WriteLine("password changed; every other session was signed out");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string PromptUsername(CommandContext context)
    {
        if (!context.Console.IsInteractive)
        {
            throw new CliUsageException("no username given and stdin is not a terminal", "pass --username");
        }

        context.Error.Write("Username: ");
        var name = context.Console.ReadLine()?.Trim();
        return string.IsNullOrEmpty(name) ? throw new CliUsageException("no username entered") : name;
    }

    private static void CopyWithout(Utf8JsonWriter writer, JsonElement source, string skipped)
    {
        writer.WriteStartObject();
        foreach (var property in source.EnumerateObject().Where(p => !string.Equals(p.Name, skipped, StringComparison.OrdinalIgnoreCase)))
        {
            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
