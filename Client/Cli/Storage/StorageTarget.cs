using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Storage;

/// <summary>
/// "<c>&lt;ns&gt;:/path</c>" as the user types it: a namespace (a name of the caller's, or an id) and a path in it.
/// Namespace names cannot hold ':', so the first ':' splits the two; no ':' means the namespace's root.
/// </summary>
public sealed record StorageTarget(string Namespace, string Path)
{
    /// <summary>Splits <paramref name="spec"/>; <see cref="Path"/> is as typed ("" for the root), not yet checked.</summary>
    public static StorageTarget Parse(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? spec : spec[..colon]).Trim();
        if (name.Length == 0)
        {
            throw new CliUsageException($"'{spec}' names no namespace", "write <namespace>:/path, e.g. photos:/2026/beach.jpg");
        }

        return new StorageTarget(name, colon < 0 ? "" : spec[(colon + 1)..]);
    }

    /// <summary>A file: "<c>ns:/a/b.txt</c>", the path made absolute.</summary>
    public static StorageTarget File(string spec)
    {
        var target = Parse(spec);
        if (target.Path.Length == 0 || RemotePath.IsFolder(target.Path))
        {
            throw new CliUsageException($"'{spec}' names a folder, not a file", $"give the file's path, e.g. {target.Namespace}:/docs/report.pdf");
        }

        return target with { Path = RemotePath.File(target.Path) };
    }

    /// <summary>The folder to list, as the API's <c>prefix</c>: "" for the root, else "a/b/" (relative, with the trailing '/').</summary>
    public string FolderPrefix()
    {
        var folder = RemotePath.Folder(Path);
        return folder == "/" ? "" : folder[1..] + "/";
    }

    /// <summary>How to show a path in this namespace to the user: "ns:/a/b".</summary>
    public static string Display(string ns, string path) => $"{ns}:{(path.StartsWith('/') ? path : "/" + path)}";
}
