using Microsoft.Extensions.Logging;

namespace EddCloud.Silo.Hosting.Database;

/// <summary>Log events of the database capability (event ids 6001-6099).</summary>
internal static partial class DatabaseLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Migrating the {Engine} store at {Target}: {Pending} of {Known} migrations pending")]
    public static partial void Migrating(ILogger logger, DatabaseEngine engine, string target, int pending, int known);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Applied migration {Version} {Name} to the {Engine} store in {ElapsedMs} ms")]
    public static partial void Applied(ILogger logger, int version, string name, DatabaseEngine engine, long elapsedMs);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "The {Engine} store at {Target} is up to date at version {Version}")]
    public static partial void UpToDate(ILogger logger, DatabaseEngine engine, string target, int version);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "The {Engine} store at {Target} has migration {Version} applied that this build does not know; a newer build has run against it")]
    public static partial void UnknownVersion(ILogger logger, DatabaseEngine engine, string target, int version);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Using {Mode} mode: cluster {ClusterId}, service {ServiceId}, store {Target}")]
    public static partial void Configured(ILogger logger, string mode, string clusterId, string serviceId, string target);
}
