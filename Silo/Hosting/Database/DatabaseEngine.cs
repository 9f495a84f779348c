namespace EddCloud.Silo.Hosting.Database;

/// <summary>The SQL dialect a store speaks; each has its own folder of migrations.</summary>
public enum DatabaseEngine
{
    Sqlite,
    Postgres,
}
