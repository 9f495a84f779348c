namespace EddCloud.Cli.Storage;

/// <summary>A user's storage: what they use and what they may use; <see cref="ReservedBytes"/> (held by uploads in progress) is 0 from servers that predate it.</summary>
public sealed record StorageUsage(long UsedBytes, long MaxBytes, int Namespaces, int MaxNamespaces, long ReservedBytes = 0);
