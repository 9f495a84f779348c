using System.Globalization;
using System.Text.RegularExpressions;
using EddCloud.Cli.Terminal;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Compute;

/// <summary>Human output of the compute commands.</summary>
public static partial class ComputeTables
{
    /// <summary>Cores as typed: "0.5", "2".</summary>
    public static string Cpus(double cpus) => cpus.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>How long ago: "45s", "12m", "5h", "3d".</summary>
    public static string Age(DateTimeOffset now, DateTimeOffset since)
    {
        var age = now - since;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalMinutes < 1 ? $"{(int)age.TotalSeconds}s"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }

    /// <summary>Container ports, with the node port each is published on once known: "8080->32768".</summary>
    public static string Ports(Container c) => string.Join(",", (c.Ports ?? []).Select(port =>
        (c.Addresses ?? []).FirstOrDefault(a => a.Port == port) is { } address
            ? $"{Number(port)}->{Number(address.HostPort)}"
            : Number(port)));

    public static void WriteContainers(TextWriter writer, IEnumerable<Container> containers, DateTimeOffset now)
    {
        var table = new TableWriter("NAME", "STATUS", "IMAGE", "CPUS", "MEMORY", "NODE", "PORTS", "AGE");
        foreach (var c in containers)
        {
            table.AddRow(c.Name, c.Status, c.Image, Cpus(c.Cpus), ByteSize.Format(c.MemoryBytes), c.Node, Ports(c), Age(now, c.CreatedAt));
        }

        table.WriteTo(writer);
    }

    /// <summary>Every field; <paramref name="keyNames"/> maps the caller's SSH key ids to names (ids not in it are shown as they are).</summary>
    public static void WriteContainer(TextWriter writer, Container c, IReadOnlyDictionary<string, string> keyNames)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("name", c.Name);
        table.AddRow("id", c.Id);
        table.AddRow("owner", c.Owner);
        table.AddRow("status", c.StatusReason is { Length: > 0 } reason ? $"{c.Status} ({reason})" : c.Status);
        table.AddRow("wanted", c.DesiredState);
        table.AddRow("image", c.Image);
        table.AddRow("command", c.Command is { Count: > 0 } command ? ShellWords(command) : "(the image's default)");
        table.AddRow("cpus", Cpus(c.Cpus));
        table.AddRow("memory", ByteSize.Both(c.MemoryBytes));
        table.AddRow("pids", Number(c.PidsLimit));
        table.AddRow("restart", c.RestartPolicy);
        table.AddRow("restarts", Number(c.RestartCount));
        table.AddRow("volume", Volume(c));
        table.AddRow("exit code", c.ExitCode is { } code ? Number(code) : null);
        table.AddRow("node", c.Node);
        foreach (var port in c.Ports ?? [])
        {
            table.AddRow("port", (c.Addresses ?? []).FirstOrDefault(a => a.Port == port) is { } address
                ? $"{Number(port)} -> {address.Host}:{Number(address.HostPort)}"
                : $"{Number(port)} (not published yet)");
        }

        foreach (var (name, value) in c.Env ?? new Dictionary<string, string>())
        {
            table.AddRow("env", $"{name}={value}");
        }

        table.AddRow("allowed keys", c.AllowedKeys is { Count: > 0 } keys ? KeyNames(keys, keyNames) : "none (nobody can log in over SSH)");
        foreach (var rule in c.Ingress ?? [])
        {
            table.AddRow("ingress", Describe(rule));
        }

        table.AddRow("ssh", c.Ssh?.Command);
        foreach (var key in c.Ssh?.HostKeys ?? [])
        {
            table.AddRow("host key", key);
        }

        table.AddRow("created", TableWriter.Time(c.CreatedAt));
        table.AddRow("started", TableWriter.Time(c.StartedAt));
        table.AddRow("updated", TableWriter.Time(c.UpdatedAt));
        table.WriteTo(writer);
    }

    /// <summary>What the container keeps, and what that means when its node leaves the cluster.</summary>
    public static string Volume(Container c) => c.Volume
        ? "/data (persistent, keeps the container on its node)"
        : "none (moves to another node if its node leaves)";

    /// <summary>"laptop, work" or ids for keys the caller does not hold.</summary>
    public static string KeyNames(IEnumerable<string> ids, IReadOnlyDictionary<string, string> keyNames) =>
        string.Join(", ", ids.Select(id => keyNames.TryGetValue(id, out var name) ? $"{name} ({id})" : id));

    /// <summary>"web -> port 8080: https://web.apps.example/api".</summary>
    public static string Describe(IngressRule rule) => $"{rule.Name} -> port {Number(rule.Port)}: {rule.Url}";

    public static void WriteIngress(TextWriter writer, IEnumerable<IngressRule> rules)
    {
        var table = new TableWriter("NAME", "PORT", "PREFIX", "URL");
        foreach (var rule in rules)
        {
            table.AddRow(rule.Name, Number(rule.Port), rule.PathPrefix, rule.Url);
        }

        table.WriteTo(writer);
    }

    public static void WriteStats(TextWriter writer, ContainerStats s)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("time", TableWriter.Time(s.Time));
        table.AddRow("running", s.Running ? "yes" : "no");
        table.AddRow("cpu", Percent(s.CpuPercent) + " (100% = one core)");
        table.AddRow("memory", $"{ByteSize.Format(s.MemoryBytes)} of {ByteSize.Format(s.MemoryLimitBytes)}{Share(s.MemoryBytes, s.MemoryLimitBytes)}");
        table.AddRow("network", $"{ByteSize.Format(s.NetworkRxBytes)} in, {ByteSize.Format(s.NetworkTxBytes)} out");
        table.AddRow("pids", Number(s.Pids));
        table.AddRow("restarts", Number(s.RestartCount));
        table.WriteTo(writer);
    }

    /// <summary>The header of <c>stats --follow</c>; each sample is then one <see cref="StatsLine"/> under it.</summary>
    public static string StatsHeader => StatsRow("TIME", "CPU", "MEMORY", "LIMIT", "NET IN", "NET OUT", "PIDS", "RESTARTS", "RUNNING");

    public static string StatsLine(ContainerStats s) => StatsRow(
        s.Time.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture), Percent(s.CpuPercent), ByteSize.Format(s.MemoryBytes),
        ByteSize.Format(s.MemoryLimitBytes), ByteSize.Format(s.NetworkRxBytes), ByteSize.Format(s.NetworkTxBytes), Number(s.Pids), Number(s.RestartCount),
        s.Running ? "yes" : "no");

    public static void WriteUsage(TextWriter writer, ComputeUsage usage)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("containers", $"{Number(usage.Containers)} of {Number(usage.MaxContainers)}");
        table.AddRow("cpus", $"{Cpus(usage.Cpus)} of {Cpus(usage.MaxCpus)}");
        table.AddRow("memory", $"{ByteSize.Format(usage.MemoryBytes)} of {ByteSize.Format(usage.MaxMemoryBytes)}{Share(usage.MemoryBytes, usage.MaxMemoryBytes)}");
        table.WriteTo(writer);
    }

    /// <summary>An argv as one could paste it into a shell: words with spaces or metacharacters in single quotes.</summary>
    public static string ShellWords(IEnumerable<string> argv) => string.Join(' ', argv.Select(word =>
        word.Length > 0 && PlainWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    private static string StatsRow(params string[] cells)
    {
        int[] widths = [10, 8, 10, 10, 10, 10, 5, 9];
        return string.Concat(cells.Select((cell, i) => i < widths.Length ? cell.PadRight(widths[i]) : cell));
    }

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Share(long used, long max) =>
        max > 0 ? " (" + (100.0 * used / max).ToString("0", CultureInfo.InvariantCulture) + "%)" : "";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainWord();
}
