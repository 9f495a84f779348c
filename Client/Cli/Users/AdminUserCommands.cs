using System.CommandLine;
using System.Text.Json;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Users;

/// <summary><c>edd admin users ...</c>: user management for admins. Users are named by id or username.</summary>
public static class AdminUserCommands
{
    private static readonly string[] Roles = ["user", "admin"];

    public static Command Create(CliHost host, GlobalOptions globals)
    {
        var users = new Command("users", "Manage users (admins only)")
        {
            List(host, globals),
            CreateUser(host, globals),
            Show(host, globals),
            Remove(host, globals),
            SetRole(host, globals),
            ResetPassword(host, globals),
            Sessions(host, globals),
            RevokeSession(host, globals),
        };
        return new Command("admin", "Administration") { users };
    }

    private static Command List(CliHost host, GlobalOptions globals)
    {
        var after = new Option<string?>("--after") { Description = "Start after this username (the `next` cursor of the previous page)" };
        var limit = new Option<int?>("--limit") { Description = "Users per page" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var command = new Command("ls", "List users, one page at a time unless --all") { after, limit, all };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var cursor = context.Parse.GetValue(after);
            var pageSize = context.Parse.GetValue(limit);
            if (pageSize is < 1)
            {
                throw new CliUsageException("--limit must be at least 1");
            }

            if (!context.Parse.GetValue(all))
            {
                var page = await api.ListUsersAsync(cursor, pageSize, ct);
                if (context.Json)
                {
                    context.WriteJson(page.Json);
                    return ExitCodes.Ok;
                }

                UserTables.WriteUsers(context.Out, page.Value.Items);
                if (page.Value.Next is { } next)
                {
                    context.Error.WriteLine($"more: edd admin users ls --after {next}{(pageSize is { } n ? $" --limit {n}" : "")}  (or --all)");
                }

                return ExitCodes.Ok;
            }

            var pages = await AllPages<User>.ReadAsync(c => api.ListUsersAsync(c, pageSize, ct), p => p.Items, p => p.Next, cursor);
            if (context.Json)
            {
                context.WriteJson(w => pages.WriteJson(w));
            }
            else
            {
                UserTables.WriteUsers(context.Out, pages.Items);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateUser(CliHost host, GlobalOptions globals)
    {
        var username = new Argument<string>("username") { Description = "3-32 letters, digits, '_' or '-', starting with a letter" };
        var role = new Option<string>("--role") { Description = "user or admin", DefaultValueFactory = _ => "user" };
        role.AcceptOnlyFromAmong(Roles);
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password as one line from stdin (otherwise one is generated)" };
        var command = new Command("create", "Create a user; without --password-stdin a strong password is generated and shown once")
        {
            username, role, passwordStdin,
        };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var generated = context.Parse.GetValue(passwordStdin) ? null : PasswordGenerator.Generate();
            var password = generated ?? PasswordInput.ReadStdinLine(context);
            var answer = await api.CreateUserAsync(context.Parse.GetRequiredValue(username), password, context.Parse.GetRequiredValue(role), ct);
            WriteUserWithPassword(context, answer, generated, "created");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliHost host, GlobalOptions globals)
    {
        var user = UserArgument();
        var command = new Command("show", "Show one user") { user };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var found = await UserResolver.ResolveAsync(context.SignedIn(), context.Parse.GetRequiredValue(user), ct);
            if (context.Json)
            {
                context.WriteJson(JsonSerializer.SerializeToElement(found, UsersJsonContext.Default.User));
            }
            else
            {
                UserTables.WriteUser(context.Out, found);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliHost host, GlobalOptions globals)
    {
        var user = UserArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when stdin is not a terminal)" };
        var command = new Command("rm", "Delete a user and revoke everything they hold") { user, yes };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var confirmed = context.Parse.GetValue(yes);
            if (!confirmed && !context.Console.IsInteractive)
            {
                throw new CliUsageException("refusing to delete a user without confirmation: stdin is not a terminal", "pass --yes");
            }

            var api = new UsersApi(context.SignedIn());
            var found = await UserResolver.ResolveAsync(api, context.Parse.GetRequiredValue(user), ct);
            if (!confirmed)
            {
                context.Error.Write($"Delete user {found.Username} ({found.Id})? Their sessions and tokens are revoked. [y/N] ");
                var reply = context.Console.ReadLine()?.Trim();
                if (!string.Equals(reply, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(reply, "yes", StringComparison.OrdinalIgnoreCase))
                {
                    context.Error.WriteLine("not deleted");
                    return ExitCodes.Failed;
                }
            }

            await api.DeleteUserAsync(found.Id, ct);
            if (!context.Json)
            {
                context.Out.WriteLine($"deleted user {found.Username} ({found.Id})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetRole(CliHost host, GlobalOptions globals)
    {
        var user = UserArgument();
        var role = new Argument<string>("role") { Description = "user or admin" };
        role.AcceptOnlyFromAmong(Roles);
        var command = new Command("set-role", "Change a user's role") { user, role };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var found = await UserResolver.ResolveAsync(api, context.Parse.GetRequiredValue(user), ct);
            var answer = await api.SetRoleAsync(found.Id, context.Parse.GetRequiredValue(role), ct);
            context.Write(answer, (o, v) => o.WriteLine($"{v.Username} is now {v.Role}"));

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ResetPassword(CliHost host, GlobalOptions globals)
    {
        var user = UserArgument();
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the new password as one line from stdin (otherwise one is generated)" };
        var command = new Command("reset-password", "Set a user's password and sign out all their sessions") { user, passwordStdin };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var generated = context.Parse.GetValue(passwordStdin) ? null : PasswordGenerator.Generate();
            var password = generated ?? PasswordInput.ReadStdinLine(context);
            var found = await UserResolver.ResolveAsync(api, context.Parse.GetRequiredValue(user), ct);
            await api.ResetPasswordAsync(found.Id, password, ct);
            WriteUserWithPassword(context, new ApiResponse<User>(found, JsonSerializer.SerializeToElement(found, UsersJsonContext.Default.User)), generated, "reset the password of");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Sessions(CliHost host, GlobalOptions globals)
    {
        var user = UserArgument();
        var command = new Command("sessions", "List a user's sessions") { user };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var found = await UserResolver.ResolveAsync(api, context.Parse.GetRequiredValue(user), ct);
            var answer = await api.ListUserSessionsAsync(found.Id, ct);
            context.Write(answer, (o, v) => UserTables.WriteSessions(o, v.Items));

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeSession(CliHost host, GlobalOptions globals)
    {
        var user = UserArgument();
        var session = new Argument<string>("session-id") { Description = "Session id (see `edd admin users sessions`)" };
        var command = new Command("revoke-session", "Sign one of a user's sessions out") { user, session };
        CommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var api = new UsersApi(context.SignedIn());
            var found = await UserResolver.ResolveAsync(api, context.Parse.GetRequiredValue(user), ct);
            context.NotFoundHint = $"list the sessions with `edd admin users sessions {found.Username}`";
            var sessionId = context.Parse.GetRequiredValue(session);
            await api.RevokeUserSessionAsync(found.Id, sessionId, ct);
            if (!context.Json)
            {
                context.Out.WriteLine($"revoked session {sessionId} of {found.Username}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> UserArgument() => new("user") { Description = "User id or username" };

    /// <summary>A generated password is printed exactly once; with --json it rides along as <c>generatedPassword</c>.</summary>
    private static void WriteUserWithPassword(CommandContext context, ApiResponse<User> answer, string? generated, string verb)
    {
        if (context.Json)
        {
            context.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("user");
                answer.Json.WriteTo(w);
                if (generated is not null)
                {
                    w.WriteString("generatedPassword", generated);
                }

                w.WriteEndObject();
            });
            return;
        }

        context.Out.WriteLine($"{verb} user {answer.Value.Username} ({answer.Value.Id}, {answer.Value.Role})");
        if (generated is not null)
        {
            context.Out.WriteLine($"password: {generated}");
            context.Error.WriteLine("warning: this password is shown only once; hand it over securely now");
        }
    }
}
