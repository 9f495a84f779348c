using System.Collections;
using Microsoft.Extensions.Configuration;

namespace EddCloud.Grains.Hosting;

/// <summary>
/// Reads EDD_* environment variables: the prefix is dropped, "__" separates sections and single
/// underscores separate words, so EDD_DATA_DIRECTORY sets DataDirectory and
/// EDD_AUTH__TOKEN_LIFETIME sets Auth:TokenLifetime (keys match case-insensitively).
/// </summary>
public static class EddEnvironmentVariables
{
    public const string Prefix = "EDD_";

    public static IConfigurationBuilder AddEddEnvironmentVariables(this IConfigurationBuilder builder) =>
        builder.AddInMemoryCollection(Read(Environment.GetEnvironmentVariables()));

    internal static Dictionary<string, string?> Read(IDictionary variables)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in variables)
        {
            if (entry.Key is string name && name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && name.Length > Prefix.Length)
                values[ToKey(name[Prefix.Length..])] = entry.Value as string;
        }
        return values;
    }

    internal static string ToKey(string name) =>
        string.Join(':', name.Split("__").Select(section => section.Replace("_", "", StringComparison.Ordinal)));
}
