using System.Globalization;

namespace EddCloud.Cli.Terminal;

/// <summary>Aligned plain-text columns, two spaces apart, no trailing spaces (easy to read and to <c>awk</c>).</summary>
public sealed class TableWriter(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    /// <summary>False for key/value blocks, which read better without a header line.</summary>
    public bool ShowHeader { get; init; } = true;

    public void AddRow(params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add([.. cells.Select(c => string.IsNullOrEmpty(c) ? "-" : Clean(c))]);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select(h => ShowHeader ? h.Length : 0).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        if (ShowHeader)
        {
            WriteRow(writer, headers, widths);
        }

        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    /// <summary>Times in UTC, minute precision: unambiguous, and identical wherever the table is pasted.</summary>
    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : "-";

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            writer.Write(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        writer.WriteLine();
    }

    // Server-supplied text (user agents) must not be able to inject escape sequences or break the layout.
    private static string Clean(string value) =>
        string.Create(value.Length, value, static (span, v) =>
        {
            for (var i = 0; i < v.Length; i++)
            {
                span[i] = char.IsControl(v[i]) ? ' ' : v[i];
            }
        });
}
