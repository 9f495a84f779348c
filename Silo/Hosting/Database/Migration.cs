namespace EddCloud.Silo.Hosting.Database;

/// <summary>One versioned schema change, applied once and recorded in edd_schema_migrations.</summary>
public sealed record Migration(int Version, string Name, string Sql);
