namespace EddCloud.Cli.Transfers;

/// <summary>
/// Cancels a transfer when no byte has moved for <see cref="Limit"/>. Transfers run without
/// <see cref="HttpClient.Timeout"/> (a 10 GB upload must not be cut after a minute while bytes flow);
/// this is what catches a server or network that stopped answering instead.
/// </summary>
public sealed class StallWatchdog : IDisposable
{
    /// <summary>How long a transfer may go without progress; <c>EDD_STALL_TIMEOUT</c> (seconds) overrides it.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(120);

    private readonly CancellationTokenSource _cts;
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private long _lastProgress;
    private volatile bool _stalled;

    public StallWatchdog(TimeProvider time, TimeSpan limit, CancellationToken outer)
    {
        _time = time;
        Limit = limit;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _lastProgress = time.GetTimestamp();
        var period = TimeSpan.FromMilliseconds(Math.Clamp(limit.TotalMilliseconds / 4, 50, 1000));
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    public TimeSpan Limit { get; }

    /// <summary>Cancelled on a stall or when the command is cancelled.</summary>
    public CancellationToken Token => _cts.Token;

    public bool Stalled => _stalled;

    /// <summary>Reads <c>EDD_STALL_TIMEOUT</c> (whole seconds) or returns <see cref="DefaultLimit"/>.</summary>
    public static TimeSpan LimitFrom(Func<string, string?> environment)
    {
        var value = environment("EDD_STALL_TIMEOUT");
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultLimit;
        }

        if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new CliUsageException($"EDD_STALL_TIMEOUT='{value}' is not a number of seconds", "set it to e.g. 120, or unset it");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Something moved: restart the clock.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastProgress, _time.GetTimestamp());

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }

    private void Check()
    {
        if (_stalled || _time.GetElapsedTime(Interlocked.Read(ref _lastProgress)) < Limit)
        {
            return;
        }

        _stalled = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The transfer ended meanwhile.
        }
    }
}
