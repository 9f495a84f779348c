using System.Globalization;

namespace EddCloud.Cli.Dfs;

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

    /// <summary>Exact and readable: "1.50 MiB (1572864 bytes)".</summary>
    public static string Both(long bytes) =>
        bytes < 1024 ? Format(bytes) : $"{Format(bytes)} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)";
}
