using System.Globalization;

namespace EddCloud.Silo.Dfs.DataPlane;

/// <summary>One HTTP byte range (RFC 9110 §14.1.2): first-last, first- or -suffix; none means the whole replica.</summary>
internal readonly record struct ByteRange(long? First, long? Last, long? Suffix)
{
    public bool IsWhole => First is null && Suffix is null;

    /// <summary>False for syntax this endpoint does not serve (several ranges, other units, first &gt; last).</summary>
    public static bool TryParse(string header, out ByteRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(header))
            return true;
        var value = header.Trim();
        if (!value.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
            return false;
        var spec = value["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || spec.Contains(',', StringComparison.Ordinal))
            return false;
        var (left, right) = (spec[..dash].Trim(), spec[(dash + 1)..].Trim());
        if (left.Length == 0)
        {
            if (!TryParseNumber(right, out var suffix) || suffix == 0)
                return false;
            range = new ByteRange(null, null, suffix);
            return true;
        }
        if (!TryParseNumber(left, out var first))
            return false;
        if (right.Length == 0)
        {
            range = new ByteRange(first, null, null);
            return true;
        }
        if (!TryParseNumber(right, out var last) || last < first)
            return false;
        range = new ByteRange(first, last, null);
        return true;
    }

    /// <summary>(offset, length) within a replica of <paramref name="total"/> bytes; a negative length when not satisfiable.</summary>
    public (long Offset, long Length) Resolve(long total)
    {
        if (IsWhole)
            return (0, total);
        if (Suffix is { } suffix)
            return total == 0 ? (0, -1) : (Math.Max(0, total - suffix), Math.Min(suffix, total));
        var first = First!.Value;
        if (first >= total)
            return (0, -1);
        var last = Math.Min(Last ?? long.MaxValue, total - 1);
        return (first, last - first + 1);
    }

    // Far beyond any chunk, and small enough that last - first + 1 cannot overflow.
    private const long MaxPosition = 1L << 50;

    private static bool TryParseNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= MaxPosition;
}
