using System.Globalization;

namespace EddCloud.Cli.Transfers;

/// <summary>Human-readable sizes in binary units (KiB = 1024 B), three significant digits.</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Format(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var format = value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A rate such as "12.3 MiB/s".</summary>
    public static string Rate(double bytesPerSecond) =>
        double.IsFinite(bytesPerSecond) && bytesPerSecond >= 0 ? Format((long)bytesPerSecond) + "/s" : "-";

    /// <summary>
    /// Parses a size as people type it: "1048576", "512 B", "10GiB", "1.5 MiB" (binary units; "K", "M", "G", "T"
    /// alone too) or "10GB" (decimal units, as disk vendors count). Returns null for anything else, or a negative or
    /// overflowing size.
    /// </summary>
    public static long? Parse(string? text)
    {
        var value = text?.Trim().Replace("_", "", StringComparison.Ordinal) ?? "";
        var split = value.Length;
        while (split > 0 && char.IsAsciiLetter(value[split - 1]))
        {
            split--;
        }

        var number = value[..split].TrimEnd();
        var unit = value[split..].ToUpperInvariant();
        decimal? multiplier = unit switch
        {
            "" or "B" => 1m,
            "K" or "KI" or "KIB" => 1024m,
            "M" or "MI" or "MIB" => 1024m * 1024,
            "G" or "GI" or "GIB" => 1024m * 1024 * 1024,
            "T" or "TI" or "TIB" => 1024m * 1024 * 1024 * 1024,
            "P" or "PI" or "PIB" => 1024m * 1024 * 1024 * 1024 * 1024,
            "KB" => 1e3m,
            "MB" => 1e6m,
            "GB" => 1e9m,
            "TB" => 1e12m,
            "PB" => 1e15m,
            _ => null,
        };
        if (multiplier is null || number.Length == 0
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }

        if (amount > long.MaxValue)
        {
            return null;
        }

        var bytes = Math.Round(amount * multiplier.Value, MidpointRounding.AwayFromZero);
        return bytes <= long.MaxValue ? (long)bytes : null;
    }

    /// <summary>Exact and readable: "1.50 MiB (1572864 bytes)".</summary>
    public static string Both(long bytes) =>
        bytes < 1024 ? Format(bytes) : $"{Format(bytes)} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)";
}
