using System.Text.Json;
using System.Text.Json.Serialization;

namespace EddCloud.Cli.Routing;

/// <summary>Source-generated serialisers for the routing wire types: static routes and the route table.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Route))]
[JsonSerializable(typeof(RouteList))]
[JsonSerializable(typeof(RouteRequest))]
internal sealed partial class RoutingJsonContext : JsonSerializerContext;
