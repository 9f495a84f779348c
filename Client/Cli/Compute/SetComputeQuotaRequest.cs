using System.Text.Json.Serialization;

namespace EddCloud.Cli.Compute;

/// <summary>Body of <c>PUT /api/admin/users/{id}/compute</c>; null (sent as null) means the server's default quota.</summary>
public sealed record SetComputeQuotaRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? MaxContainers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MaxCpus,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? MaxMemoryBytes);
