using System.Text.Json;
using System.Text.Json.Serialization;

namespace EddCloud.Cli.Config;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(CliConfig))]
internal sealed partial class ConfigJsonContext : JsonSerializerContext;
