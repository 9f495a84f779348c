namespace EddCloud.Cli.Api;

/// <summary>A user's storage: what they use and what they may use.</summary>
public sealed record StorageUsage(long UsedBytes, long MaxBytes, int Namespaces, int MaxNamespaces, long ReservedBytes = 0);
