
namespace EddCloud.Cli.Storage;

/// <summary>
/// Turns "<c>id|name</c>" into a namespace id. URLs carry ids only, so a name is looked up among the caller's
/// own namespaces (every page of <c>GET /api/namespaces</c>); someone else's namespace is given by its id.
/// </summary>
public static class NamespaceResolver
{
    public const int PageSize = 100;

    public static async Task<string> ResolveIdAsync(StorageApi storage, string idOrName, CancellationToken ct)
    {
        if (Guid.TryParse(idOrName, out var id))
        {
            return id.ToString("D");
        }

        var found = await FindByNameAsync(storage, idOrName, ct)
            ?? throw new CliUsageException($"you have no namespace named '{idOrName}'",
                "see your namespaces with `edd ns ls`; someone else's namespace is given by its id (`edd ns public` lists the public ones)");
        return found.Id;
    }

    /// <summary>Names are unique per owner ignoring case, so the match ignores case too.</summary>
    public static async Task<StorageNamespace?> FindByNameAsync(StorageApi storage, string name, CancellationToken ct)
    {
        string? after = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = (await storage.ListNamespacesAsync(null, after, PageSize, ct)).Value;
            var match = page.Items.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match is not null || page.Next is null)
            {
                return match;
            }

            // A server that hands back a cursor twice would otherwise keep us here forever.
            if (!seen.Add(page.Next))
            {
                throw new CliUsageException($"the server returned the paging cursor '{page.Next}' twice", "report this server bug; use the namespace id meanwhile");
            }

            after = page.Next;
        }
    }
}
