namespace EddCloud.Silo.Events;

/// <summary>Finds the nats-server executable. Debian installs it in /usr/sbin, which is not on every user's PATH.</summary>
internal static class NatsServerBinary
{
    private static readonly string[] FallbackDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/bin"];

    /// <summary>The full path of <paramref name="serverPath"/>, or null when there is no such executable.</summary>
    public static string? Resolve(string serverPath)
    {
        if (serverPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(serverPath) ? Path.GetFullPath(serverPath) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(FallbackDirectories)
            .Select(directory => Path.Combine(directory, serverPath))
            .FirstOrDefault(File.Exists);
    }

    public static string NotFoundMessage(string serverPath) =>
        $"nats-server was not found: Nats:ServerPath (EDD_NATS__SERVERPATH) is '{serverPath}' and no such executable exists "
        + "(searched PATH, /usr/sbin, /usr/bin, /usr/local/bin). Install the nats-server package (apt-get install nats-server), "
        + "set Nats:ServerPath to its full path, or set Nats:Url (EDD_NATS__URL) to an external NATS server.";
}
