using System.Text.Json;
using System.Text.Json.Serialization;

namespace EddCloud.Cli.Dfs;

/// <summary>Source-generated serialisers for the <c>/api/dfs</c> wire types (kept apart from the other capabilities' contexts).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DfsWriteResult))]
[JsonSerializable(typeof(DfsFolderPage))]
[JsonSerializable(typeof(DfsStatus))]
[JsonSerializable(typeof(DfsFsckReport))]
internal sealed partial class DfsJsonContext : JsonSerializerContext;
