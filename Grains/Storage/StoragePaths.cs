using System.Text;
using EddCloud.Grains.Dfs;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Storage;

/// <summary>
/// Paths of files inside a namespace ("photos/cat.jpg") and where they live in the file system
/// ("/ns/&lt;id&gt;/photos/cat.jpg"). The rules are the file system's (see <see cref="DfsPath"/>), with a shorter
/// total so the prefix fits.
/// </summary>
public static class StoragePaths
{
    public const int MaxBytes = 900;

    /// <summary>The file-system folder holding every namespace.</summary>
    public const string Root = "/ns";

    public static string NamespaceRoot(Guid namespaceId) => $"{Root}/{namespaceId:N}";

    /// <summary>The normalized path inside the namespace, without a leading '/': "photos/cat.jpg".</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
            throw EddException.Validation("path", "A file path is required, e.g. photos/cat.jpg.");
        var normalized = DfsPath.Normalize(path.StartsWith('/') ? path : "/" + path);
        if (Encoding.UTF8.GetByteCount(normalized) - 1 > MaxBytes)
            throw EddException.Validation("path", $"A file path may be at most {MaxBytes} bytes long.");
        return normalized[1..];
    }

    /// <summary>A folder inside the namespace: "" for its root, else "a/b" (no slashes at the ends).</summary>
    public static string NormalizeFolder(string? folder)
    {
        var trimmed = (folder ?? "").Trim('/');
        return trimmed.Length == 0 ? "" : Normalize(trimmed);
    }

    public static string ToDfs(Guid namespaceId, string normalizedPath) =>
        normalizedPath.Length == 0 ? NamespaceRoot(namespaceId) : $"{NamespaceRoot(namespaceId)}/{normalizedPath}";

    /// <summary>The namespace-relative path of a file-system path under the namespace's root.</summary>
    public static string FromDfs(Guid namespaceId, string dfsPath) => dfsPath[(NamespaceRoot(namespaceId).Length + 1)..];
}
