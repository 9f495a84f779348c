namespace EddCloud.Grains.Hosting;

/// <summary>How this silo finds its peers and where it keeps grain state and reminders.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>The default: one silo, localhost clustering, SQLite under the data directory.</summary>
    public const string SingleMode = "single";

    /// <summary>Several silos: ADO.NET clustering, persistence and reminders on PostgreSQL.</summary>
    public const string ClusterMode = "cluster";

    /// <summary>"single" (default) or "cluster".</summary>
    public string Mode { get; set; } = SingleMode;

    /// <summary>Npgsql connection string; required when <see cref="Mode"/> is "cluster".</summary>
    public string? Postgres { get; set; }

    /// <summary>Orleans cluster id: silos with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "eddcloud";

    /// <summary>Orleans service id: grain state and reminders are stored under it, so it must never change.</summary>
    public string ServiceId { get; set; } = "eddcloud";

    /// <summary>TCP port for silo-to-silo traffic.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>TCP port for Orleans clients (the edge).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address this silo tells its peers to reach it on (cluster mode). Empty: the first
    /// address of this machine's network interfaces, which is wrong on multi-homed hosts.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    public bool IsCluster => string.Equals(Mode, ClusterMode, StringComparison.OrdinalIgnoreCase);
}
