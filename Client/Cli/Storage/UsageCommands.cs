using System.CommandLine;
using System.Globalization;
using System.Net;
using EddCloud.Cli.Http;
using EddCloud.Cli.Transfers;
using EddCloud.Cli.Users;

namespace EddCloud.Cli.Storage;

/// <summary><c>edd usage</c> (also <c>edd storage</c>) and <c>edd admin quota</c>: storage used and allowed.</summary>
public static class UsageCommands
{
    public static Command Usage(CliHost host, GlobalOptions globals)
    {
        var command = new Command("usage", "Show the storage you use and your quota (bytes and namespaces)");
        command.Aliases.Add("storage");
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            var answer = await new StorageApi(context.SignedIn()).MyStorageAsync(ct);
            context.Write(answer, StorageTables.WriteUsage);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Quota(CliHost host, GlobalOptions globals)
    {
        var user = new Argument<string>("user") { Description = "Username or user id" };
        var maxBytes = new Option<string?>("--max-bytes") { Description = "Bytes the user may store: 500MiB, 10GiB, 1TB, a number of bytes, or 'default'" };
        var maxNamespaces = new Option<string?>("--max-namespaces") { Description = "Namespaces the user may have, or 'default'" };
        var command = new Command("quota", "Show a user's storage and quota; with --max-bytes/--max-namespaces, change it (admins only)") { user, maxBytes, maxNamespaces };
        StorageCommandRunner.SetAction(command, host, globals, async (context, ct) =>
        {
            try
            {
                return await QuotaAsync(context, user, maxBytes, maxNamespaces, ct);
            }
            catch (ApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                throw TransferCommandRunner.WithHint(e, context.UsesEnvironmentToken
                    ? "`edd admin quota` needs an admin: the token in EDD_TOKEN must belong to an admin and carry admin:read (admin:write to change a quota)"
                    : "`edd admin quota` needs an admin account; sign in as an admin with `edd login`");
            }
        });
        return command;
    }

    private static async Task<int> QuotaAsync(CommandContext context, Argument<string> user, Option<string?> maxBytes, Option<string?> maxNamespaces, CancellationToken ct)
    {
        var bytesArg = context.Parse.GetValue(maxBytes);
        var namespacesArg = context.Parse.GetValue(maxNamespaces);
        var bytes = bytesArg is null ? (Optional?)null : ParseLimit(bytesArg, "--max-bytes", ByteSize.Parse, "e.g. --max-bytes 10GiB, or --max-bytes default");
        var namespaces = namespacesArg is null ? (Optional?)null
            : ParseLimit(namespacesArg, "--max-namespaces", t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null,
                "e.g. --max-namespaces 20, or --max-namespaces default");
        if (namespaces is { Value: > int.MaxValue })
        {
            throw new CliUsageException($"--max-namespaces {namespacesArg} is too large");
        }

        var api = context.SignedIn();
        var found = await UserResolver.ResolveAsync(api, context.Parse.GetRequiredValue(user), ct);
        var storage = new StorageApi(api);
        var current = await storage.UserStorageAsync(found.Id, ct);
        if (bytes is null && namespaces is null)
        {
            context.Write(current, (o, v) => WriteQuota(o, found.Username, v));
            return ExitCodes.Ok;
        }

        // PUT sets both; the one not given keeps its current value.
        var answer = await storage.SetUserQuotaAsync(
            found.Id,
            bytes is null ? current.Value.MaxBytes : bytes.Value.Value,
            namespaces is null ? current.Value.MaxNamespaces : (int?)namespaces.Value.Value,
            ct);
        context.Write(answer, (o, v) => WriteQuota(o, found.Username, v));
        return ExitCodes.Ok;
    }

    private static void WriteQuota(TextWriter writer, string username, StorageUsage usage)
    {
        writer.WriteLine($"user {username}");
        StorageTables.WriteUsage(writer, usage);
    }

    /// <summary>A limit as typed: a value, or "default" (sent as null: the server's default quota).</summary>
    private static Optional ParseLimit(string text, string option, Func<string, long?> parse, string example)
    {
        if (string.Equals(text.Trim(), "default", StringComparison.OrdinalIgnoreCase))
        {
            return new Optional(null);
        }

        return parse(text) is { } value and >= 0
            ? new Optional(value)
            : throw new CliUsageException($"{option} {text} is not a valid limit", example);
    }

    /// <summary>Given on the command line, with <see cref="Value"/> null for "default".</summary>
    private readonly record struct Optional(long? Value);
}
