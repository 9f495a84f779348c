using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EddCloud.Cli.Http;

/// <summary>
/// Reads a <c>text/event-stream</c> answer (docs/api.md: logs with <c>follow=true</c>, stats streams): each event of the
/// wanted type as a typed value plus its JSON, until the server ends the stream or <c>ct</c> is cancelled (Ctrl+C).
/// Other event types and comments (keep-alives) are skipped.
/// </summary>
public static class ServerEvents
{
    public const string MediaType = "text/event-stream";

    public static async IAsyncEnumerable<ApiResponse<T>> ReadAsync<T>(
        EddApiClient api, string path, string eventType, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await api.SendStreamingAsync(request, ct, MediaType);
        var media = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(media, MediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw Unexpected(api, response, $"with {media ?? "no content type"} instead of an event stream");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct))
        {
            if (!string.Equals(item.EventType, eventType, StringComparison.Ordinal))
            {
                continue;
            }

            ApiResponse<T> value;
            try
            {
                using var document = JsonDocument.Parse(item.Data);
                var root = document.RootElement.Clone();
                value = new ApiResponse<T>(root.Deserialize(typeInfo) ?? throw new JsonException("null event"), root);
            }
            catch (JsonException)
            {
                throw Unexpected(api, response, $"with an '{eventType}' event that is not the expected JSON");
            }

            yield return value;
        }
    }

    private static ApiException Unexpected(EddApiClient api, HttpResponseMessage response, string what) =>
        new(response.StatusCode,
            new ApiProblem(null, "Unexpected answer", (int)response.StatusCode, $"the server at {api.Server} answered {(int)response.StatusCode} {what}",
                "unexpected_response", Hint: "check that --server points at an EddCloud server"),
            null);
}
