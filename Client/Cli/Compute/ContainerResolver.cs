using EddCloud.Cli.Http;

namespace EddCloud.Cli.Compute;

/// <summary>
/// Turns "<c>id|name</c>" into a container id. URLs carry ids only, so a name is looked up among the caller's own
/// containers (the pages of <c>GET /api/containers</c>, until it is found); a GUID is used as it is, which is how
/// an admin names someone else's container.
/// </summary>
public static class ContainerResolver
{
    public const int PageSize = 100;

    public static async Task<string> ResolveIdAsync(ComputeApi compute, string idOrName, CancellationToken ct)
    {
        if (Guid.TryParse(idOrName, out var id))
        {
            return id.ToString("D");
        }

        // Names are lowercase DNS labels; a name typed in capitals still finds its container.
        var found = await AllPages<Container>.FindAsync(
                after => compute.ListAsync(null, after, PageSize, ct), p => p.Items, p => p.Next,
                c => string.Equals(c.Name, idOrName, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliUsageException($"you have no container named '{idOrName}'",
                "see your containers with `edd containers ls`; someone else's container is given by its id (admins: `edd containers ls --owner <user>`)");
        return found.Id;
    }
}
