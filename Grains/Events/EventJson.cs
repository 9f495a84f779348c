using System.Text.Json;

namespace EddCloud.Grains.Events;

/// <summary>The JSON shape of event payloads on the wire: camelCase, like the REST API.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
