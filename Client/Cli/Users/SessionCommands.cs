using System.CommandLine;

namespace EddCloud.Cli.Users;

/// <summary><c>edd sessions ls|revoke</c>: your own signed-in sessions.</summary>
public static class SessionCommands
{
    public static Command Create(CliHost host, GlobalOptions globals) =>
        new("sessions", "Your signed-in sessions (dashboard and CLI)") { List(host, globals), Revoke(host, globals) };

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var command = new Command("ls", "List your sessions; * marks this one");
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var answer = await new UsersApi(context.SignedIn()).ListMySessionsAsync(ct);
            context.Write(answer, (o, v) => UserTables.WriteSessions(o, v.Items));

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliHost host, GlobalOptions globals)
    {
        var id = new Argument<string>("id") { Description = "Session id (see `edd sessions ls`)" };
        var command = new Command("revoke", "Sign a session out everywhere") { id };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            context.NotFoundHint = "list your sessions with `edd sessions ls`";
            var sessionId = context.Parse.GetRequiredValue(id);
            await new UsersApi(context.SignedIn()).RevokeMySessionAsync(sessionId, ct);
            if (!context.Json)
            {
                context.Out.WriteLine($"revoked session {sessionId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
