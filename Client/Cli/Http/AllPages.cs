using System.Text.Json;

namespace EddCloud.Cli.Http;

/// <summary>Every item of a keyset-paged list, and the raw JSON items for --json output.</summary>
public sealed record AllPages<T>(List<T> Items, List<JsonElement> Raw)
{
    /// <summary>
    /// Follows `next` cursors until the last page. A server that hands back a cursor twice would keep
    /// the loop here forever, so that is refused.
    /// </summary>
    public static async Task<AllPages<T>> ReadAsync<TPage>(
        Func<string?, Task<ApiResponse<TPage>>> fetch, Func<TPage, IEnumerable<T>> items, Func<TPage, string?> next, string? cursor)
    {
        var all = new AllPages<T>([], []);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await fetch(cursor);
            all.Items.AddRange(items(page.Value));
            if (page.Json.TryGetProperty("items", out var raw))
            {
                all.Raw.AddRange(raw.EnumerateArray());
            }

            cursor = next(page.Value);
            if (cursor is not null && !seen.Add(cursor))
            {
                throw new CliUsageException($"the server returned the paging cursor '{cursor}' twice", "report this server bug");
            }
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>
    /// The first item that <paramref name="match"/>es, following `next` cursors only as far as needed (name look-ups);
    /// null after the last page. A cursor handed back twice is refused, as in <see cref="ReadAsync"/>.
    /// </summary>
    public static async Task<T?> FindAsync<TPage>(
        Func<string?, Task<ApiResponse<TPage>>> fetch, Func<TPage, IEnumerable<T>> items, Func<TPage, string?> next, Func<T, bool> match)
    {
        string? cursor = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = (await fetch(cursor)).Value;
            var found = items(page).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            cursor = next(page);
            if (cursor is null)
            {
                return default;
            }

            if (!seen.Add(cursor))
            {
                throw new CliUsageException($"the server returned the paging cursor '{cursor}' twice", "report this server bug; use the id meanwhile");
            }
        }
    }

    /// <summary>Writes the items as one page: the same shape as the server's, with no next page.</summary>
    public void WriteJson(Utf8JsonWriter w, string? path = null)
    {
        w.WriteStartObject();
        if (path is not null)
        {
            w.WriteString("path", path);
        }

        w.WriteStartArray("items");
        Raw.ForEach(item => item.WriteTo(w));
        w.WriteEndArray();
        w.WriteNull("next");
        w.WriteEndObject();
    }
}
