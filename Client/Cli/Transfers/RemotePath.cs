namespace EddCloud.Cli.Transfers;

/// <summary>
/// Remote paths (in the file system, or inside a namespace) as the user types them: absolute or not ("backups/a.tar" means "/backups/a.tar"),
/// '/'-separated. The server validates the rest; the client only refuses what would change which
/// URL is called ('.' and '..' segments are collapsed by <see cref="Uri"/>, which could reach
/// another endpoint with an admin token) and escapes every segment.
/// </summary>
public static class RemotePath
{
    /// <summary>The absolute form of a file path, "/a/b". A trailing '/' is refused: that names a folder.</summary>
    public static string File(string path)
    {
        var absolute = Absolute(path);
        if (absolute.Length == 1 || absolute.EndsWith('/'))
        {
            throw new CliUsageException($"'{path}' names a folder, not a file", "give the file's full path, e.g. /backups/photos.tar");
        }

        return absolute;
    }

    /// <summary>The absolute form of a folder path without the trailing '/', or "/".</summary>
    public static string Folder(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Trim('/').Length == 0)
        {
            return "/";
        }

        return Absolute(path).TrimEnd('/');
    }

    /// <summary>True when the user meant "into this folder" (a trailing '/', or just "/").</summary>
    public static bool IsFolder(string path) => path.EndsWith('/');

    /// <summary>The folder holding a file path ("/" for "/a").</summary>
    public static string Parent(string absoluteFile)
    {
        var slash = absoluteFile.LastIndexOf('/');
        return slash <= 0 ? "/" : absoluteFile[..slash];
    }

    /// <summary>The last segment of a file path.</summary>
    public static string Name(string absoluteFile) => absoluteFile[(absoluteFile.LastIndexOf('/') + 1)..];

    /// <summary>A file path as a URL path, every segment escaped, without the leading '/': "a/b%20c".</summary>
    public static string Escape(string absoluteFile) => string.Join('/', absoluteFile[1..].Split('/').Select(Uri.EscapeDataString));

    private static string Absolute(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliUsageException("the remote path is empty", "give an absolute path, e.g. /backups/photos.tar");
        }

        var absolute = path[0] == '/' ? path : "/" + path;
        var inner = absolute.Trim('/');
        foreach (var segment in inner.Split('/'))
        {
            if (inner.Length > 0 && segment.Length == 0)
            {
                throw new CliUsageException($"'{path}' has an empty segment ('//')", "remove the doubled '/'");
            }

            if (segment is "." or "..")
            {
                throw new CliUsageException($"'{path}' has a '.' or '..' segment", "remote paths are absolute; spell the path out in full");
            }

            if (segment.Any(char.IsControl))
            {
                throw new CliUsageException($"'{path}' contains a control character");
            }
        }

        return absolute;
    }
}
