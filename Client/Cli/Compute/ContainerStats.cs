namespace EddCloud.Cli.Compute;

/// <summary>One sample of a container's use; <see cref="CpuPercent"/> 100 is one core.</summary>
public sealed record ContainerStats(
    DateTimeOffset Time,
    double CpuPercent,
    long MemoryBytes,
    long MemoryLimitBytes,
    long NetworkRxBytes,
    long NetworkTxBytes,
    long Pids,
    int RestartCount,
    bool Running);
