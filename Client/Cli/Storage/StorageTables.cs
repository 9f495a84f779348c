using System.Globalization;
using EddCloud.Cli.Terminal;
using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Storage;

/// <summary>Human output of the storage commands.</summary>
public static class StorageTables
{
    /// <summary>The "used" column: exact bytes too, so scripts without --json can still read it.</summary>
    public static string Used(long bytes) => bytes < 1024 ? ByteSize.Format(bytes) : $"{ByteSize.Format(bytes)} ({bytes.ToString(CultureInfo.InvariantCulture)})";

    public static void WriteNamespaces(TextWriter writer, IEnumerable<StorageNamespace> namespaces, bool withOwner)
    {
        var table = withOwner
            ? new TableWriter("NAME", "OWNER", "ID", "VISIBILITY", "USED", "CREATED")
            : new TableWriter("NAME", "ID", "VISIBILITY", "USED", "CREATED");
        foreach (var ns in namespaces)
        {
            if (withOwner)
            {
                table.AddRow(ns.Name, ns.Owner, ns.Id, ns.Visibility, Used(ns.UsedBytes), TableWriter.Time(ns.CreatedAt));
            }
            else
            {
                table.AddRow(ns.Name, ns.Id, ns.Visibility, Used(ns.UsedBytes), TableWriter.Time(ns.CreatedAt));
            }
        }

        table.WriteTo(writer);
    }

    public static void WriteNamespace(TextWriter writer, StorageNamespace ns)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("name", ns.Name);
        table.AddRow("id", ns.Id);
        table.AddRow("owner", ns.Owner);
        table.AddRow("visibility", ns.Visibility);
        table.AddRow("used", Used(ns.UsedBytes));
        table.AddRow("created", TableWriter.Time(ns.CreatedAt));
        table.WriteTo(writer);
    }

    /// <summary>Folders first (ending with '/'), then files with size, modification time and type.</summary>
    public static void WriteFiles(TextWriter writer, IEnumerable<string> folders, IEnumerable<StoredFile> files)
    {
        var table = new TableWriter("PATH", "SIZE", "MODIFIED", "TYPE");
        foreach (var folder in folders)
        {
            table.AddRow(Absolute(folder).TrimEnd('/') + "/", "", "", "folder");
        }

        foreach (var file in files)
        {
            table.AddRow(Absolute(file.Path), ByteSize.Format(file.Size), TableWriter.Time(file.ModifiedAt), file.ContentType);
        }

        table.WriteTo(writer);
    }

    public static void WriteFile(TextWriter writer, string ns, StoredFile file)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("path", StorageTarget.Display(ns, file.Path));
        table.AddRow("size", ByteSize.Both(file.Size));
        table.AddRow("sha256", file.Sha256);
        table.AddRow("type", file.ContentType);
        table.AddRow("version", file.Version.ToString(CultureInfo.InvariantCulture));
        table.AddRow("created", TableWriter.Time(file.CreatedAt));
        table.AddRow("modified", TableWriter.Time(file.ModifiedAt));
        table.AddRow("uploader", file.Uploader ?? file.UploaderId);
        table.WriteTo(writer);
    }

    public static void WriteShares(TextWriter writer, IEnumerable<Share> shares)
    {
        var table = new TableWriter("ID", "PATH", "CREATED", "EXPIRES", "CREATED BY");
        foreach (var share in shares)
        {
            table.AddRow(share.Id, Absolute(share.Path), TableWriter.Time(share.CreatedAt), share.ExpiresAt is { } e ? TableWriter.Time(e) : "never", share.CreatedBy);
        }

        table.WriteTo(writer);
    }

    public static void WriteUsage(TextWriter writer, StorageUsage usage)
    {
        var table = new TableWriter("FIELD", "VALUE") { ShowHeader = false };
        table.AddRow("used", $"{ByteSize.Format(usage.UsedBytes)} of {ByteSize.Format(usage.MaxBytes)}{Percent(usage.UsedBytes, usage.MaxBytes)}");
        table.AddRow("namespaces", $"{Count(usage.Namespaces)} of {Count(usage.MaxNamespaces)}");
        if (usage.ReservedBytes > 0)
            table.AddRow("in flight", $"{ByteSize.Format(usage.ReservedBytes)} reserved by uploads still running");
        table.AddRow("free", ByteSize.Format(Math.Max(0, usage.MaxBytes - usage.UsedBytes - usage.ReservedBytes)));
        table.WriteTo(writer);
    }

    private static string Absolute(string path) => path.StartsWith('/') ? path : "/" + path;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(long used, long max) =>
        max > 0 ? " (" + (100.0 * used / max).ToString("0", CultureInfo.InvariantCulture) + "%)" : "";
}
