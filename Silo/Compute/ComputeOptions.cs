namespace EddCloud.Silo.Compute;

/// <summary>Where Compute's container engine is and the limits a container gets when its spec names none.</summary>
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
}
