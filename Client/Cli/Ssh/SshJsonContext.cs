using System.Text.Json;
using System.Text.Json.Serialization;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Ssh;

/// <summary>Source-generated serialisers for the SSH key wire types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SshKey))]
[JsonSerializable(typeof(ItemList<SshKey>))]
[JsonSerializable(typeof(AddSshKeyRequest))]
[JsonSerializable(typeof(RenameSshKeyRequest))]
internal sealed partial class SshJsonContext : JsonSerializerContext;
