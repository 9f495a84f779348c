using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>
/// The migrations shipped in this assembly as embedded resources
/// (Hosting/Database/{Sqlite,Postgres}/NNNN_name.sql), in version order.
/// </summary>
public static partial class MigrationCatalog
{
    public static IReadOnlyList<Migration> For(DatabaseEngine engine)
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success || !string.Equals(match.Groups["engine"].Value, engine.ToString(), StringComparison.Ordinal))
            {
                continue;
            }

            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource)));
        }

        if (migrations.Count == 0)
        {
            // The .sql files only reach the assembly through the EmbeddedResource item in EddCloud.Silo.csproj.
            throw new InvalidOperationException(
                $"No {engine} migrations are embedded in {assembly.GetName().Name}; add <EmbeddedResource Include=\"Hosting/Database/**/*.sql\" /> to EddCloud.Silo.csproj.");
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {engine} migrations share version {migrations[i].Version}: {migrations[i - 1].Name} and {migrations[i].Name}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration {resource} cannot be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\.(?<engine>Sqlite|Postgres)\.(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
