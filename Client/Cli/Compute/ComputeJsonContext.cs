using System.Text.Json;
using System.Text.Json.Serialization;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Compute;

/// <summary>Source-generated serialisers for the compute wire types: containers, logs, stats, ingress rules and quotas.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Container))]
[JsonSerializable(typeof(ContainerPage))]
[JsonSerializable(typeof(CreateContainerRequest))]
[JsonSerializable(typeof(UpdateContainerRequest))]
[JsonSerializable(typeof(StopContainerRequest))]
[JsonSerializable(typeof(IngressRequest))]
[JsonSerializable(typeof(IngressRule))]
[JsonSerializable(typeof(ItemList<IngressRule>))]
[JsonSerializable(typeof(LogLine))]
[JsonSerializable(typeof(ItemList<LogLine>))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(ComputeUsage))]
[JsonSerializable(typeof(SetComputeQuotaRequest))]
internal sealed partial class ComputeJsonContext : JsonSerializerContext;
