namespace EddCloud.Tests.Hosting;

[GenerateSerializer, Alias("EddCloud.Tests.Hosting.DurabilityProbeState")]
public sealed record DurabilityProbeState
{
    [Id(0)]
    public string? Value { get; init; }
}
