using System.Runtime.CompilerServices;
using EddCloud.Grains.Dfs;

namespace EddCloud.Grains.Storage;

/// <summary>Walks a file-system folder tree through its folder grains, page by page.</summary>
public static class DfsTree
{
    private const int PageSize = 500;

    /// <summary>Every file path under <paramref name="folder"/>, depth first, each folder's entries in name order.</summary>
    public static async IAsyncEnumerable<string> FilesAsync(IGrainFactory grains, string folder, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.TryPop(out var current))
        {
            var subfolders = new List<string>();
            string? after = null;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await grains.GetGrain<IDfsFolderGrain>(current).ListAsync(after, PageSize);
                foreach (var entry in page)
                {
                    var path = current == "/" ? "/" + entry.Name : $"{current}/{entry.Name}";
                    if (entry.IsFolder)
                        subfolders.Add(path);
                    else
                        yield return path;
                }
                if (page.Length < PageSize)
                    break;
                after = page[^1].Name;
            }
            for (var i = subfolders.Count - 1; i >= 0; i--)
                pending.Push(subfolders[i]);
        }
    }
}
