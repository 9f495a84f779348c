using System.Text.Json;

namespace EddCloud.Cli.Config;

/// <summary>
/// Reads and writes <c>config.json</c>. The directory is created 0700 and the file 0600 at
/// creation (no chmod afterwards, so there is no moment where the token is world-readable);
/// writes go to a fresh temporary file that is renamed over the old one, so a crash never
/// leaves half a file.
/// </summary>
public sealed class ConfigStore(string directory)
{
    public const string FileName = "config.json";

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Directory { get; } = directory;

    public string FilePath => Path.Combine(Directory, FileName);

    /// <summary>
    /// <c>EDD_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/eddcloud</c>, else <c>~/.config/eddcloud</c>.
    /// A relative <c>XDG_CONFIG_HOME</c> is ignored, as the XDG spec asks.
    /// </summary>
    public static string ResolveDirectory(Func<string, string?> environment)
    {
        var explicitDirectory = environment("EDD_CONFIG_DIR");
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            return explicitDirectory;
        }

        var xdg = environment("XDG_CONFIG_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "eddcloud");
        }

        var home = environment("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".config", "eddcloud");
    }

    /// <summary>The stored configuration, or null when there is none.</summary>
    public CliConfig? Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(FilePath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, ConfigJsonContext.Default.CliConfig);
        }
        catch (JsonException)
        {
            throw new CliUsageException($"the configuration file {FilePath} is not valid JSON", "delete it and run `edd login` again");
        }
    }

    public void Save(CliConfig config)
    {
        EnsureDirectory();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(config, ConfigJsonContext.Default.CliConfig);
        var temporary = Path.Combine(Directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode600;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Forgets the session but keeps the server, so the next <c>edd login</c> goes to the same place.</summary>
    public void ForgetSession()
    {
        var config = Load();
        if (config is null)
        {
            return;
        }

        Save(config with { Token = null, Username = null, ExpiresAt = null });
    }

    private void EnsureDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
            return;
        }

        if (System.IO.Directory.Exists(Directory))
        {
            // An older or hand-made directory may be too open; tighten only our own directory, never its parents.
            if ((File.GetUnixFileMode(Directory) & ~DirectoryMode) != 0)
            {
                File.SetUnixFileMode(Directory, DirectoryMode);
            }

            return;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(Directory));
        if (!string.IsNullOrEmpty(parent))
        {
            // Parents (e.g. ~/.config) get the usual mode; only the eddcloud directory is private.
            System.IO.Directory.CreateDirectory(parent);
        }

        System.IO.Directory.CreateDirectory(Directory, DirectoryMode);
    }
}
