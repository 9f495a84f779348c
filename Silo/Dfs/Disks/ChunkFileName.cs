using System.Globalization;
using System.Security.Cryptography;

namespace EddCloud.Silo.Dfs.Disks;

/// <summary>
/// Replica file names: <c>&lt;chunk id N&gt;.&lt;version&gt;.chunk</c>, and while a stage is being written
/// <c>&lt;chunk id N&gt;.&lt;version&gt;.chunk.&lt;16 hex&gt;.tmp</c>. Parsing is strict (lower-case hex, canonical
/// decimal) so that every accepted name formats back to itself and nothing else is mistaken for a replica.
/// </summary>
internal static class ChunkFileName
{
    private const string Extension = "chunk";
    private const string TempExtension = "tmp";
    private const int TempSuffixLength = 16;

    public static string Of(Guid chunkId, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{chunkId:N}.{version}.{Extension}");

    /// <summary>A unique name per attempt, so two stages of the same replica never write into one file.</summary>
    public static string NewTemp(Guid chunkId, long version) =>
        $"{Of(chunkId, version)}.{RandomNumberGenerator.GetHexString(TempSuffixLength, lowercase: true)}.{TempExtension}";

    /// <summary>The shard folder under <c>chunks/</c>: the first two hex digits of the id.</summary>
    public static string Shard(Guid chunkId) => chunkId.ToString("N")[..2];

    public static bool TryParse(string name, out Guid chunkId, out long version, out bool temporary)
    {
        chunkId = Guid.Empty;
        version = 0;
        temporary = false;
        var parts = name.Split('.');
        if (parts.Length == 5 && parts[2] == Extension && parts[4] == TempExtension
            && parts[3].Length == TempSuffixLength && IsLowerHex(parts[3]))
        {
            temporary = true;
        }
        else if (parts.Length != 3 || parts[2] != Extension)
        {
            return false;
        }

        if (parts[0].Length != 32 || !IsLowerHex(parts[0]) || !Guid.TryParseExact(parts[0], "N", out chunkId))
        {
            return false;
        }

        return long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && parts[1] == version.ToString(CultureInfo.InvariantCulture);
    }

    private static bool IsLowerHex(string text) => text.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
