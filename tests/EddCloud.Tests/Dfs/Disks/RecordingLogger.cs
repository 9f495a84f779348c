using Microsoft.Extensions.Logging;

namespace EddCloud.Tests.Dfs.Disks;

/// <summary>Keeps every log entry's event id and message, so tests can assert what the store reported.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<(int EventId, string Message)> entries = [];
    private readonly Lock gate = new();

    public IReadOnlyList<(int EventId, string Message)> Entries
    {
        get
        {
            lock (gate)
                return [.. entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (gate)
            entries.Add((eventId.Id, formatter(state, exception)));
    }
}
