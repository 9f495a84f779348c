namespace EddCloud.Tests.Cli;

/// <summary>What the fake server saw: enough to assert on paths, paging cursors, credentials and bodies.</summary>
public sealed record RecordedRequest(HttpMethod Method, string Path, string Query, string? Authorization, string? Body)
{
    public string? QueryValue(string name) =>
        Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""))
            .FirstOrDefault();
}
