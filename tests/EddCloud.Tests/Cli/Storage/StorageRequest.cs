using System.Text;

namespace EddCloud.Tests.Cli.Storage;

/// <summary>What the fake storage server saw: the body as bytes and every request header.</summary>
public sealed record StorageRequest(HttpMethod Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, long? ContentLength, byte[]? Body)
{
    public string BodyText => Body is null ? "" : Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A query parameter: null when absent, "" when present and empty.</summary>
    public string? QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""))
            .FirstOrDefault();
}
