using EddCloud.Cli.Transfers;

namespace EddCloud.Cli.Dfs;

/// <summary>Paths in the distributed file system: the rules of <see cref="RemotePath"/>, under <c>/api/dfs/files</c>.</summary>
public static class DfsRemotePath
{
    /// <inheritdoc cref="RemotePath.File"/>
    public static string File(string path) => RemotePath.File(path);

    /// <inheritdoc cref="RemotePath.Folder"/>
    public static string Folder(string? path) => RemotePath.Folder(path);

    /// <inheritdoc cref="RemotePath.IsFolder"/>
    public static bool IsFolder(string path) => RemotePath.IsFolder(path);

    /// <inheritdoc cref="RemotePath.Parent"/>
    public static string Parent(string absoluteFile) => RemotePath.Parent(absoluteFile);

    /// <inheritdoc cref="RemotePath.Name"/>
    public static string Name(string absoluteFile) => RemotePath.Name(absoluteFile);

    /// <summary>The API path of a file, every segment escaped: "api/dfs/files/a/b%20c".</summary>
    public static string FileUrl(string absoluteFile) => "api/dfs/files/" + RemotePath.Escape(absoluteFile);
}
