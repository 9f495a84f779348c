namespace EddCloud.Cli.Compute;

/// <summary>A user's compute: the containers they have and the CPU and memory limits those add up to, against their quota.</summary>
public sealed record ComputeUsage(int Containers, int MaxContainers, double Cpus, double MaxCpus, long MemoryBytes, long MaxMemoryBytes);
