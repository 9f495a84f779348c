using System.Text.Json;
using System.Text.Json.Serialization;

namespace EddCloud.Cli.Api;

/// <summary>Source-generated serialisers for the <c>/api/dfs</c> wire types (kept apart from <see cref="ApiJsonContext"/>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DfsWriteResult))]
[JsonSerializable(typeof(DfsFolderPage))]
[JsonSerializable(typeof(DfsStatus))]
[JsonSerializable(typeof(DfsFsckReport))]
internal sealed partial class DfsJsonContext : JsonSerializerContext;
