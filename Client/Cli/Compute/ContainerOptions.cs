using System.Globalization;
using System.Text.RegularExpressions;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Compute;

/// <summary>
/// The create options as typed, checked before any request: each bad value is a usage error naming the option and
/// showing a good one. Limits the server sets (Compute:MaxCpusPerContainer, ...) are left to the server.
/// </summary>
public static partial class ContainerOptions
{
    public static readonly string[] RestartPolicies = ["never", "on-failure", "always"];

    public static double? Cpus(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) && cpus > 0 && double.IsFinite(cpus)
            ? cpus
            : throw new CliUsageException($"--cpus {text} is not a number of cores", "give a number above 0, e.g. --cpus 0.5 or --cpus 2");
    }

    /// <summary>"512M", "1G", "1.5GiB", "268435456": M and G are MiB and GiB, as in Docker.</summary>
    public static long? Memory(string? text) => text is null
        ? null
        : ByteSize.Parse(text) is { } bytes and > 0
            ? bytes
            : throw new CliUsageException($"--memory {text} is not a size", "e.g. --memory 512M or --memory 1G (M = MiB, G = GiB; MB and GB are decimal)");

    public static int? Positive(string? text, string option, string example) => text is null
        ? null
        : int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new CliUsageException($"{option} {text} is not a whole number above 0", example);

    /// <summary>KEY=VALUE, each name once; the value may hold '=' and may be empty.</summary>
    public static Dictionary<string, string>? Env(IReadOnlyList<string>? pairs)
    {
        if (pairs is null || pairs.Count == 0)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            if (equals < 0 || !EnvName().IsMatch(name))
            {
                throw new CliUsageException($"--env {pair} is not NAME=VALUE",
                    "names are letters, digits and '_', not starting with a digit; e.g. --env GREETING=hello --env EMPTY=");
            }

            if (!env.TryAdd(name, pair[(equals + 1)..]))
            {
                throw new CliUsageException($"--env {name} is given twice", "give each variable once");
            }
        }

        return env;
    }

    public static List<int>? Ports(IReadOnlyList<string>? texts)
    {
        if (texts is null || texts.Count == 0)
        {
            return null;
        }

        var ports = new List<int>();
        foreach (var text in texts)
        {
            var port = Port(text, "--port");
            if (ports.Contains(port))
            {
                throw new CliUsageException($"--port {text} is given twice", "give each port once");
            }

            ports.Add(port);
        }

        return ports;
    }

    public static int Port(string text, string option) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new CliUsageException($"{option} {text} is not a TCP port", "give a port from 1 to 65535, e.g. 8080");

    /// <summary>"name:port" or "name:port/prefix", e.g. "web:8080" or "api:3000/v1".</summary>
    public static IngressRequest Ingress(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var slash = colon < 0 ? -1 : text.IndexOf('/', colon);
        var name = colon < 0 ? "" : text[..colon];
        var port = colon < 0 ? "" : slash < 0 ? text[(colon + 1)..] : text[(colon + 1)..slash];
        if (name.Length == 0 || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new CliUsageException($"--ingress {text} is not name:port[/prefix]", "e.g. --ingress web:8080, or --ingress api:3000/v1 to route only /v1");
        }

        return new IngressRequest(name, number, slash < 0 ? null : text[slash..]);
    }

    public static List<IngressRequest>? IngressRules(IReadOnlyList<string>? texts) =>
        texts is null || texts.Count == 0 ? null : [.. texts.Select(Ingress)];

    /// <summary>"/x" as typed, or a usage error: the server wants a prefix starting with '/'.</summary>
    public static string? Prefix(string? text) => text is null || text.StartsWith('/')
        ? text
        : throw new CliUsageException($"--prefix {text} does not start with /", "e.g. --prefix /api");

    // docs/api.md: letters, digits, '_', not starting with a digit.
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvName();
}
