using System.Text;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Dfs;

/// <summary>
/// File-system paths: absolute, '/'-separated, Unicode NFC, no empty, '.' or '..' segments, no
/// control characters, segments of at most 255 UTF-8 bytes, at most 1024 bytes in all. A path is a
/// grain key, never a disk path.
/// </summary>
public static class DfsPath
{
    public const int MaxBytes = 1024;
    public const int MaxSegmentBytes = 255;

    /// <summary>The normalized form of a file path, or a validation error saying what is wrong.</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
            throw EddException.Validation("path", "A path is required, e.g. /backups/photos.tar.");
        if (!path.IsNormalized(NormalizationForm.FormC))
            path = path.Normalize(NormalizationForm.FormC);
        if (path[0] != '/')
            path = "/" + path;
        if (path.Length > 1 && path[^1] == '/')
            throw EddException.Validation("path", "A file path must not end with '/'.");
        if (Encoding.UTF8.GetByteCount(path) > MaxBytes)
            throw EddException.Validation("path", $"A path may be at most {MaxBytes} bytes long.");
        var segments = path[1..].Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
                throw EddException.Validation("path", "A path must not contain empty segments ('//') or be just '/'.");
            if (segment is "." or "..")
                throw EddException.Validation("path", "A path must not contain '.' or '..' segments.");
            if (segment.Any(char.IsControl))
                throw EddException.Validation("path", "A path must not contain control characters.");
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
                throw EddException.Validation("path", $"Each part of a path may be at most {MaxSegmentBytes} bytes long.");
        }
        return path;
    }

    /// <summary>A folder path for listings: "/" or a normalized path without the trailing '/'.</summary>
    public static string NormalizeFolder(string? folder) =>
        string.IsNullOrEmpty(folder) || folder == "/" ? "/" : Normalize(folder.TrimEnd('/'));

    /// <summary>The folder holding <paramref name="path"/> and the entry's name in it.</summary>
    public static (string Folder, string Name) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return (slash == 0 ? "/" : path[..slash], path[(slash + 1)..]);
    }
}
