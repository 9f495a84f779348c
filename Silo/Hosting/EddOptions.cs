namespace EddCloud.Silo.Hosting;

/// <summary>Root settings of a silo (top level of appsettings.json; EDD_DATA_DIRECTORY etc. in the environment).</summary>
public sealed class EddOptions
{
    /// <summary>Where this node keeps everything durable (database, keys, NATS data). Relative paths are relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The first admin's username, used once on the very first start.</summary>
    public string AdminUsername { get; set; } = "admin";

    /// <summary>The first admin's password; when empty a strong one is generated and printed once.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The directory holding the built dashboard (Client/web/dist); empty serves no dashboard.</summary>
    public string? WebRoot { get; set; }

    /// <summary>The name of this node (defaults to the machine name); used for logs and per-node grains.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Addresses or networks (CIDR) of the edges in front of this silo, whose X-Forwarded-For and -Proto name the real
    /// client (for sign-in throttling, sessions and logs) and scheme. Loopback is always trusted (the single-node edge).
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
