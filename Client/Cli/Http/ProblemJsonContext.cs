using System.Text.Json;
using System.Text.Json.Serialization;

namespace EddCloud.Cli.Http;

/// <summary>Source-generated (de)serialiser for the problem+json bodies every endpoint may answer with, so the tool stays trimming-friendly.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiProblem))]
internal sealed partial class ProblemJsonContext : JsonSerializerContext;
