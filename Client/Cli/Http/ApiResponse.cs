using System.Text.Json;

namespace EddCloud.Cli.Http;

/// <summary>A typed answer plus the exact JSON the server sent, for <c>--json</c>.</summary>
public sealed record ApiResponse<T>(T Value, JsonElement Json);
