namespace EddCloud.Grains.Storage;

/// <summary>User-facing storage settings (section "Storage"; EDD_STORAGE__MAX_FILE_BYTES etc.).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Bytes a user may store unless an admin set their own quota. Default 100 GiB.</summary>
    public long DefaultQuotaBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>Namespaces a user may own unless an admin set their own quota. Default 100.</summary>
    public int DefaultQuotaNamespaces { get; set; } = 100;

    /// <summary>The largest file one upload may store. Default 64 GiB.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>
    /// How long an upload's quota reservation lives without a renewal (the uploader renews every quarter of it).
    /// A reservation that lapses unsettled (its silo died) makes the namespace recount its usage. Default 2 min.
    /// </summary>
    public TimeSpan ReservationLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Share links a namespace may hold. Default 1000.</summary>
    public int MaxSharesPerNamespace { get; set; } = 1000;
}
