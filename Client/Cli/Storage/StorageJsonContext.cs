using System.Text.Json;
using System.Text.Json.Serialization;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Storage;

/// <summary>Source-generated serialisers for the storage wire types: namespaces, files, shares and quotas.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StorageNamespace))]
[JsonSerializable(typeof(NamespacePage))]
[JsonSerializable(typeof(CreateNamespaceRequest))]
[JsonSerializable(typeof(UpdateNamespaceRequest))]
[JsonSerializable(typeof(StoredFile))]
[JsonSerializable(typeof(StoredFilePage))]
[JsonSerializable(typeof(Share))]
[JsonSerializable(typeof(ItemList<Share>))]
[JsonSerializable(typeof(CreateShareRequest))]
[JsonSerializable(typeof(StorageUsage))]
[JsonSerializable(typeof(SetQuotaRequest))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
