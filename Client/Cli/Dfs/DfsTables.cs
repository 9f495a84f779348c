using System.Globalization;
using EddCloud.Cli.Api;
using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Dfs;

/// <summary>Human output of the <c>edd dfs</c> commands.</summary>
public static class DfsTables
{
    public static string Replicas(int replicas, int wanted, bool underReplicated) =>
        $"{replicas.ToString(CultureInfo.InvariantCulture)} of {wanted.ToString(CultureInfo.InvariantCulture)}{(underReplicated || replicas < wanted ? " (under-replicated)" : "")}";

    public static void WriteUpload(TextWriter writer, DfsWriteResult result)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("path", result.File.Path);
        table.AddRow("size", ByteSize.Both(result.File.Size));
        table.AddRow("sha256", result.File.Sha256);
        table.AddRow("version", result.File.Version.ToString(CultureInfo.InvariantCulture));
        table.AddRow("replicas", Replicas(result.Replicas, result.ReplicationFactor, result.UnderReplicated));
        table.WriteTo(writer);
    }

    public static void WriteHead(TextWriter writer, DfsFileHead head)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("path", head.Path);
        table.AddRow("size", head.Size is { } size ? ByteSize.Both(size) : null);
        table.AddRow("sha256", head.Sha256);
        table.AddRow("modified", Seconds(head.ModifiedAt));
        table.WriteTo(writer);
    }

    public static void WriteEntries(TextWriter writer, IEnumerable<DfsEntry> entries)
    {
        foreach (var entry in entries)
        {
            writer.WriteLine(Clean(entry.Name) + (entry.IsFolder ? "/" : ""));
        }
    }

    public static void WriteStatus(TextWriter writer, DfsStatus status, DateTimeOffset now)
    {
        var table = new TableWriter("NODE", "ALIVE", "LAST SEEN", "DISKS", "FREE / CAPACITY", "USED", "REPLICAS");
        foreach (var node in status.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var capacity = node.Disks.Sum(d => d.CapacityBytes);
            var free = node.Disks.Sum(d => d.FreeBytes);
            table.AddRow(node.Name, node.Alive ? "yes" : "NO", Ago(node.LastSeen, now), node.Disks.Count.ToString(CultureInfo.InvariantCulture),
                $"{ByteSize.Format(free)} / {ByteSize.Format(capacity)}", Used(free, capacity), node.Disks.Sum(d => d.Replicas).ToString(CultureInfo.InvariantCulture));
        }

        var alive = status.Nodes.Count(n => n.Alive);
        table.AddRow("total", $"{alive.ToString(CultureInfo.InvariantCulture)}/{status.Nodes.Count.ToString(CultureInfo.InvariantCulture)}", "",
            status.Nodes.Sum(n => n.Disks.Count).ToString(CultureInfo.InvariantCulture),
            $"{ByteSize.Format(status.FreeBytes)} / {ByteSize.Format(status.CapacityBytes)}", Used(status.FreeBytes, status.CapacityBytes),
            status.Replicas.ToString(CultureInfo.InvariantCulture));
        table.WriteTo(writer);

        writer.WriteLine();
        writer.WriteLine($"replication factor {status.ReplicationFactor.ToString(CultureInfo.InvariantCulture)}, chunk size {ByteSize.Format(status.ChunkSize)}");
        foreach (var line in Health(status, now))
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>One line per problem (a node down, too few disks for the replication factor), or one "ok" line.</summary>
    public static IReadOnlyList<string> Health(DfsStatus status, DateTimeOffset now)
    {
        var lines = new List<string>();
        var factor = status.ReplicationFactor;
        foreach (var node in status.Nodes.Where(n => !n.Alive).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var replicas = node.Disks.Sum(d => d.Replicas);
            lines.Add($"DOWN: node {Clean(node.Name)} is down (last seen {Ago(node.LastSeen, now)})"
                + (replicas > 0 ? $"; its {replicas.ToString(CultureInfo.InvariantCulture)} replicas cannot be read, so chunks stored there are under-replicated" : ""));
        }

        var aliveNodes = status.Nodes.Where(n => n.Alive).ToList();
        var aliveDisks = aliveNodes.Sum(n => n.Disks.Count);
        if (aliveDisks < factor)
        {
            lines.Add($"UNDER-REPLICATED: {aliveDisks.ToString(CultureInfo.InvariantCulture)} disk(s) on live nodes for replication factor {factor.ToString(CultureInfo.InvariantCulture)}; "
                + $"new files get at most {aliveDisks.ToString(CultureInfo.InvariantCulture)} of {factor.ToString(CultureInfo.InvariantCulture)} replicas");
        }
        else if (aliveNodes.Count < factor && aliveNodes.Count > 0)
        {
            lines.Add($"note: {aliveNodes.Count.ToString(CultureInfo.InvariantCulture)} live node(s) for replication factor {factor.ToString(CultureInfo.InvariantCulture)}; "
                + "some replicas share a node, so losing one node can lose more than one copy");
        }

        if (lines.Count == 0)
        {
            lines.Add($"ok: all {status.Nodes.Count.ToString(CultureInfo.InvariantCulture)} nodes alive; {factor.ToString(CultureInfo.InvariantCulture)} replicas per chunk can be placed");
        }

        return lines;
    }

    public static string Seconds(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    /// <summary>"just now", "42 s ago", "5 min ago", "3 h ago", else the UTC time.</summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var age = now - then;
        return age.TotalSeconds switch
        {
            < 2 => "just now",
            < 120 => $"{age.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ago",
            < 7200 => $"{age.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min ago",
            < 172800 => $"{age.TotalHours.ToString("0", CultureInfo.InvariantCulture)} h ago",
            _ => TableWriter.Time(then),
        };
    }

    private static string Used(long free, long capacity) =>
        capacity > 0 ? ((double)(capacity - free) / capacity * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    // Names come from the server; they must not carry escape sequences to the terminal.
    private static string Clean(string value) => string.Concat(value.Select(c => char.IsControl(c) ? '?' : c));
}
