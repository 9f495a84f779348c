namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>Data-plane settings (section "Dfs"; EDD_DFS__DATA_PLANE_URL etc.).</summary>
public sealed class DataPlaneOptions
{
    public const string Section = "Dfs";

    /// <summary>
    /// The base URL other nodes use to reach this node's data plane, e.g. http://10.0.0.5:8080.
    /// Empty: this silo's first HTTP address.
    /// </summary>
    public string? DataPlaneUrl { get; set; }

    /// <summary>How long a data-plane token is valid after it is issued. Default 10 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one write or read step may stall before that replica is dropped. Default 30 seconds.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
