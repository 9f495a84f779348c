using System.Globalization;
using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Ssh;

/// <summary>Human output of <c>edd keys</c>.</summary>
public static class SshTables
{
    public static void WriteKeys(TextWriter writer, IEnumerable<SshKey> keys)
    {
        var table = new TableWriter("NAME", "TYPE", "BITS", "FINGERPRINT", "ID", "ADDED");
        foreach (var key in keys)
        {
            table.AddRow(key.Name, key.Type, key.Bits.ToString(CultureInfo.InvariantCulture), key.Fingerprint, key.Id, TableWriter.Time(key.CreatedAt));
        }

        table.WriteTo(writer);
    }

    /// <summary>"name (ssh-ed25519 256, SHA256:...)": enough to recognise a key in one line.</summary>
    public static string Describe(SshKey key) =>
        $"{key.Name} ({key.Type} {key.Bits.ToString(CultureInfo.InvariantCulture)}, {key.Fingerprint})";
}
