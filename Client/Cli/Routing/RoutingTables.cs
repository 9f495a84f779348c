using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Routing;

/// <summary>Human output of the route commands.</summary>
public static class RoutingTables
{
    public static void WriteRoutes(TextWriter writer, IEnumerable<Route> routes)
    {
        var table = new TableWriter("ID", "HOST", "PREFIX", "STRIP", "BACKEND", "SOURCE", "UPDATED");
        foreach (var r in routes)
        {
            table.AddRow(r.Id, r.Host, r.PathPrefix, r.StripPrefix ? "yes" : "no", r.Backend, r.Source, TableWriter.Time(r.UpdatedAt));
        }

        table.WriteTo(writer);
    }

    /// <summary>"wiki.example.org/docs -> http://127.0.0.1:3000 (prefix stripped)".</summary>
    public static string Describe(Route r) =>
        $"{r.Host}{(r.PathPrefix == "/" ? "" : r.PathPrefix)} -> {r.Backend}{(r.StripPrefix ? " (prefix stripped)" : "")}";
}
