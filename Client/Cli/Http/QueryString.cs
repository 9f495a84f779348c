namespace EddCloud.Cli.Http;

/// <summary>Builds "path?a=1&amp;b=2" from the parameters that have a value, each escaped.</summary>
public static class QueryString
{
    public static string With(string path, params (string Name, string? Value)[] parameters)
    {
        var query = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }
}
