namespace EddCloud.Cli.Users;

/// <summary>Where passwords come from: one stdin line for scripts, or a prompt without echo for people.</summary>
public static class PasswordInput
{
    /// <summary>An existing password (login, current password).</summary>
    public static string ReadExisting(CommandContext context, bool fromStdin, string prompt)
    {
        if (fromStdin)
        {
            return ReadStdinLine(context);
        }

        if (!context.Console.IsInteractive)
        {
            throw new CliUsageException("no password given and stdin is not a terminal", "pipe it in with --password-stdin");
        }

        context.Error.Write(prompt);
        var password = context.Console.ReadSecret();
        return string.IsNullOrEmpty(password) ? throw new CliUsageException("no password entered") : password;
    }

    /// <summary>A new password, typed twice so a typo does not lock anyone out.</summary>
    public static string ReadNew(CommandContext context, string prompt)
    {
        if (!context.Console.IsInteractive)
        {
            throw new CliUsageException("cannot prompt for a new password: stdin is not a terminal", "pipe it in with --password-stdin");
        }

        context.Error.Write(prompt);
        var first = context.Console.ReadSecret();
        if (string.IsNullOrEmpty(first))
        {
            throw new CliUsageException("no password entered");
        }

        context.Error.Write("Repeat it: ");
        var second = context.Console.ReadSecret();
        return first == second ? first : throw new CliUsageException("the two passwords differ", "run the command again");
    }

    /// <summary>Exactly one line; its line ending is not part of the password, anything else is.</summary>
    public static string ReadStdinLine(CommandContext context)
    {
        var line = context.Console.ReadLine();
        return string.IsNullOrEmpty(line)
            ? throw new CliUsageException("--password-stdin: stdin was empty", "pass the password as one line, e.g. printf '%s\\n' \"$PW\" | edd ...")
            : line;
    }
}
