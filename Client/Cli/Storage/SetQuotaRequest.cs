using System.Text.Json.Serialization;

namespace EddCloud.Cli.Storage;

/// <summary>Body of <c>PUT /api/admin/users/{id}/storage</c>; null (sent as null) means the server's default quota.</summary>
public sealed record SetQuotaRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? MaxBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? MaxNamespaces);
