namespace EddCloud.Grains.Compute;

/// <summary>The bounds any container's limits must lie in, whoever asks (admin maximums and quotas come later).</summary>
public static class ContainerLimits
{
    public const decimal MaxCpus = 64m;

    /// <summary>The engine refuses less than 6 MiB.</summary>
    public const long MinMemoryBytes = 6L * 1024 * 1024;

    public const long MaxMemoryBytes = 1024L * 1024 * 1024 * 1024;

    public const long MinPids = 16;

    public const long MaxPids = 1_000_000;
}
