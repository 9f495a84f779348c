using System.Globalization;
using EddCloud.Cli.Terminal;
using EddCloud.Cli.Transfers;

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
        var nodes = status.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var table = new TableWriter("NODE", "ALIVE", "LAST SEEN", "DISKS", "FREE / CAPACITY", "USED", "REPLICAS");
        foreach (var node in nodes)
        {
            var capacity = node.Disks.Sum(d => d.CapacityBytes);
            var free = node.Disks.Sum(d => d.FreeBytes);
            table.AddRow(node.Name, node.Alive ? "yes" : "NO", Ago(node.LastSeen, now), Count(node.Disks.Count),
                $"{ByteSize.Format(free)} / {ByteSize.Format(capacity)}", Used(free, capacity), Count(node.Disks.Sum(d => d.Replicas)));
        }

        var alive = status.Nodes.Count(n => n.Alive);
        table.AddRow("total", $"{Count(alive)}/{Count(status.Nodes.Count)}", "", Count(status.Nodes.Sum(n => n.Disks.Count)),
            $"{ByteSize.Format(status.FreeBytes)} / {ByteSize.Format(status.CapacityBytes)}", Used(status.FreeBytes, status.CapacityBytes),
            Count(status.Replicas));
        table.WriteTo(writer);

        // Traffic is a table of its own: with the capacity columns it would not fit 80 columns.
        if (status.Rates is not null || nodes.Any(n => n.Rates is not null))
        {
            writer.WriteLine();
            var traffic = new TableWriter("NODE", "IN", "OUT", "RECEIVED", "SENT");
            foreach (var node in nodes)
            {
                traffic.AddRow(node.Name, RateOrDash(node.Rates?.BytesInPerSecond), RateOrDash(node.Rates?.BytesOutPerSecond),
                    BytesOrDash(node.Totals?.BytesIn), BytesOrDash(node.Totals?.BytesOut));
            }

            traffic.AddRow("total", RateOrDash(status.Rates?.BytesInPerSecond), RateOrDash(status.Rates?.BytesOutPerSecond),
                BytesOrDash(status.Totals?.BytesIn), BytesOrDash(status.Totals?.BytesOut));
            traffic.WriteTo(writer);
        }

        writer.WriteLine();
        WriteSummary(writer, status);
        writer.WriteLine();
        foreach (var line in Health(status, now))
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Settings, the repair queue and the maintenance counters as a key/value block.</summary>
    private static void WriteSummary(TextWriter writer, DfsStatus status)
    {
        var summary = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        summary.AddRow("replication factor", Count(status.ReplicationFactor));
        summary.AddRow("chunk size", ByteSize.Format(status.ChunkSize));
        if (status.Repair is { } repair)
        {
            summary.AddRow("under-replicated", $"{Plural(repair.UnderReplicated, "chunk")} ({Count(repair.Repairable)} repairable, {Count(repair.Lost)} lost)");
            summary.AddRow("repairs", $"{Count(repair.Queued)} queued, {Count(repair.InProgress)} in progress, {Count(repair.Completed)} completed, "
                + $"{Count(repair.Failed)} failed");
            summary.AddRow("repair copied", ByteSize.Format(repair.BytesCopied));
        }

        if (status.Totals is { } totals)
        {
            summary.AddRow("GC reclaimed", $"{ByteSize.Format(totals.GcReclaimedBytes)} ({Plural(totals.GcReclaimedReplicas, "replica")})");
            summary.AddRow("scrubbed", $"{ByteSize.Format(totals.ScrubbedBytes)}; {Plural(totals.CorruptReplicasFound, "corrupt replica")} found");
        }

        summary.WriteTo(writer);
    }

    /// <summary>One line per problem (a node down, too few disks, chunks short of replicas or lost), or one "ok" line.</summary>
    public static IReadOnlyList<string> Health(DfsStatus status, DateTimeOffset now)
    {
        var lines = new List<string>();
        var factor = status.ReplicationFactor;
        foreach (var node in status.Nodes.Where(n => !n.Alive).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var replicas = node.Disks.Sum(d => d.Replicas);
            lines.Add($"DOWN: node {Clean(node.Name)} is down (last seen {Ago(node.LastSeen, now)})"
                + (replicas > 0 ? $"; its {Count(replicas)} replicas cannot be read, so chunks stored there are under-replicated" : ""));
        }

        var aliveNodes = status.Nodes.Where(n => n.Alive).ToList();
        var aliveDisks = aliveNodes.Sum(n => n.Disks.Count);
        if (aliveDisks < factor)
        {
            lines.Add($"UNDER-REPLICATED: {Count(aliveDisks)} disk(s) on live nodes for replication factor {Count(factor)}; "
                + $"new files get at most {Count(aliveDisks)} of {Count(factor)} replicas");
        }
        else if (aliveNodes.Count < factor && aliveNodes.Count > 0)
        {
            lines.Add($"note: {Count(aliveNodes.Count)} live node(s) for replication factor {Count(factor)}; "
                + "some replicas share a node, so losing one node can lose more than one copy");
        }

        if (status.Repair is { } repair)
        {
            if (repair.Lost > 0)
            {
                lines.Add($"LOST: {Plural(repair.Lost, "chunk")} {(repair.Lost == 1 ? "has" : "have")} no live replica; "
                    + "files using them cannot be read until a node holding them returns (list them with `edd dfs fsck --no-verify`)");
            }

            var stuck = Math.Max(0, repair.UnderReplicated - repair.Repairable - repair.Lost);
            if (stuck > 0)
            {
                lines.Add($"UNDER-REPLICATED: {Plural(stuck, "chunk")} below {Count(factor)} replicas cannot be repaired: "
                    + "no free node or disk to copy to; add nodes or disks");
            }

            if (repair.Repairable > 0)
            {
                lines.Add($"REPAIRING: {Plural(repair.Repairable, "chunk")} being copied back to {Count(factor)} replicas "
                    + $"({Count(repair.Queued)} queued, {Count(repair.InProgress)} in progress)");
            }
        }

        if (status.Totals is { CorruptReplicasFound: > 0 } totals)
        {
            lines.Add($"note: the scrubber found {Plural(totals.CorruptReplicasFound, "corrupt replica")} since the nodes started and "
                + "reported for repair; check with `edd dfs fsck`");
        }

        if (lines.Count == 0)
        {
            lines.Add($"ok: all {Count(status.Nodes.Count)} nodes alive; {Count(factor)} replicas per chunk can be placed");
        }

        return lines;
    }

    /// <summary>
    /// The fsck report: counts, then every problem grouped by severity (errors first), then the verdict.
    /// <paramref name="verified"/> is false for --no-verify, where no replica was read.
    /// </summary>
    public static void WriteFsck(TextWriter writer, DfsFsckReport report, bool verified, TimeSpan took)
    {
        var summary = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        summary.AddRow("files", Count(report.Files));
        summary.AddRow("chunks", Count(report.Chunks));
        summary.AddRow("replicas verified", verified ? $"{Count(report.ReplicasVerified)} ({ByteSize.Format(report.BytesVerified)} read)" : "none read (--no-verify)");
        summary.AddRow("unreferenced", Plural(report.UnreferencedReplicas, "replica"));
        summary.AddRow("errors", Count(report.Errors));
        summary.AddRow("warnings", Count(report.Warnings));
        summary.AddRow("took", TransferProgress.Duration(took));
        summary.WriteTo(writer);

        foreach (var group in report.Problems.GroupBy(p => p.Severity, StringComparer.OrdinalIgnoreCase).OrderBy(g => SeverityRank(g.Key)))
        {
            writer.WriteLine();
            writer.WriteLine($"{SeverityHeading(group.Key)} ({Count(group.Count())})");
            foreach (var problem in group)
            {
                writer.WriteLine($"  {Clean(problem.Kind)}{(problem.Path is { } path ? ": " + Clean(path) : "")}");
                var where = new List<string>(3);
                if (problem.ChunkId is { } chunk)
                {
                    where.Add("chunk " + chunk.ToString("D"));
                }

                if (problem.Node is { } node)
                {
                    where.Add("node " + Clean(node));
                }

                if (problem.Disk is { } disk)
                {
                    where.Add("disk " + Clean(disk));
                }

                if (where.Count > 0)
                {
                    writer.WriteLine("    " + string.Join(", ", where));
                }

                writer.WriteLine("    " + Clean(problem.Detail));
            }
        }

        writer.WriteLine();
        if (report.Truncated)
        {
            writer.WriteLine($"TRUNCATED: the server lists only the first {Count(report.Problems.Count)} problems; more exist and the counts above "
                + "include only the listed ones. Fix these and run `edd dfs fsck` again.");
        }

        writer.WriteLine(HasErrors(report)
            ? $"NOT HEALTHY: {Plural(report.Errors, "error")}, {Plural(report.Warnings, "warning")}; some data is unreadable or wrong (see ERRORS above)"
            : $"healthy: no errors{(report.Warnings > 0 ? $", {Plural(report.Warnings, "warning")} (see above)" : "")}");
    }

    /// <summary>Errors mean data is unreadable or wrong: what the exit code of <c>edd dfs fsck</c> reports.</summary>
    public static bool HasErrors(DfsFsckReport report) =>
        report.Errors > 0 || report.Problems.Any(p => string.Equals(p.Severity, "error", StringComparison.OrdinalIgnoreCase));

    private static int SeverityRank(string severity) => severity.ToLowerInvariant() switch
    {
        "error" => 0,
        "warning" => 1,
        "info" => 2,
        _ => 3,
    };

    private static string SeverityHeading(string severity) => severity.ToLowerInvariant() switch
    {
        "error" => "ERRORS",
        "warning" => "WARNINGS",
        "info" => "INFO",
        var other => Clean(other).ToUpperInvariant(),
    };

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

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(long value, string noun) => $"{Count(value)} {noun}{(value == 1 ? "" : "s")}";

    private static string RateOrDash(double? bytesPerSecond) => bytesPerSecond is { } rate ? ByteSize.Rate(rate) : "-";

    private static string BytesOrDash(long? bytes) => bytes is { } b ? ByteSize.Format(b) : "-";

    private static string Used(long free, long capacity) =>
        capacity > 0 ? ((double)(capacity - free) / capacity * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-";

    // Names come from the server; they must not carry escape sequences to the terminal.
    private static string Clean(string value) => string.Concat(value.Select(c => char.IsControl(c) ? '?' : c));
}
