namespace EddCloud.Grains.Compute;

/// <summary>
/// Where Compute's container engine is, the limits a container gets when its spec names none, the most any one
/// container may ask for (admin-set), users' default quotas and how often a node compares its engine with the grains.
/// </summary>
public sealed class ComputeOptions
{
    public const string Section = "Compute";

    /// <summary>
    /// The Docker-compatible engine socket (a unix socket path, e.g. <c>/run/podman/podman.sock</c>). Empty: Docker's
    /// <c>/var/run/docker.sock</c> when it exists, else the silo starts <c>podman system service</c> on
    /// <c>&lt;data directory&gt;/podman/podman.sock</c>.
    /// </summary>
    public string? EngineSocket { get; set; }

    /// <summary>The podman executable for the local engine: a name looked up on PATH (and /usr/bin, /usr/sbin) or a full path.</summary>
    public string PodmanPath { get; set; } = "podman";

    /// <summary>The image a container starts from when its spec names none (built by scripts/build-base-image.sh).</summary>
    public string BaseImage { get; set; } = "eddcloud/base:latest";

    /// <summary>CPU cores a container may use when its spec names none.</summary>
    public decimal DefaultCpus { get; set; } = 1m;

    /// <summary>Memory (bytes) a container may use when its spec names none.</summary>
    public long DefaultMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Processes (and threads) a container may run at once when its spec names none.</summary>
    public long DefaultPidsLimit { get; set; } = 512;

    /// <summary>How long a stopping container gets after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most CPU cores one container may ask for.</summary>
    public decimal MaxCpusPerContainer { get; set; } = 4m;

    /// <summary>The most memory (bytes) one container may ask for.</summary>
    public long MaxMemoryBytesPerContainer { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The highest pids limit one container may ask for.</summary>
    public long MaxPidsPerContainer { get; set; } = 4096;

    /// <summary>Containers a user may have (running or not) unless an admin sets their quota.</summary>
    public int DefaultQuotaContainers { get; set; } = 10;

    /// <summary>CPU cores a user's containers' limits may add up to unless an admin sets their quota.</summary>
    public decimal DefaultQuotaCpus { get; set; } = 4m;

    /// <summary>Memory (bytes) a user's containers' limits may add up to unless an admin sets their quota.</summary>
    public long DefaultQuotaMemoryBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>How often each node lists its engine's containers and tells their grains what it saw (a dead container is noticed this fast).</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Ingress rules publish <c>https://&lt;name&gt;.&lt;AppsDomain&gt;</c>.</summary>
    public string AppsDomain { get; set; } = "apps.localhost";

    /// <summary>The host users give ssh to reach a container through the gateway (shown in the ssh command).</summary>
    public string SshHost { get; set; } = "localhost";

    /// <summary>The SSH gateway's port (shown in the ssh command).</summary>
    public int SshPort { get; set; } = 2222;
}
