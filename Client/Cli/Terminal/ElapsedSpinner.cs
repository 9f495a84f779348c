using System.Globalization;

namespace EddCloud.Cli.Terminal;

/// <summary>
/// "| label  12 s" redrawn in place on stderr while a long request runs, erased when disposed, so the
/// answer printed afterwards starts on a clean line. Draws nothing unless stderr is a terminal:
/// logs and pipes would only collect carriage returns.
/// </summary>
public sealed class ElapsedSpinner : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(125);

    private static readonly char[] Frames = ['|', '/', '-', '\\'];
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly string _label;
    private readonly long _started;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _drawing;
    private int _lastWidth;

    public ElapsedSpinner(TextWriter error, bool terminal, TimeProvider time, string label)
    {
        _error = error;
        _time = time;
        _label = label;
        _started = time.GetTimestamp();
        _drawing = terminal ? DrawAsync(_stop.Token) : Task.CompletedTask;
    }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _drawing;
        _stop.Dispose();
        if (_lastWidth > 0)
        {
            _error.Write('\r' + new string(' ', _lastWidth) + '\r');
            _error.Flush();
        }
    }

    private async Task DrawAsync(CancellationToken stop)
    {
        var frame = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var seconds = Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
                var text = $"{Frames[frame++ % Frames.Length]} {_label}  {seconds} s";
                _error.Write('\r' + text.PadRight(_lastWidth));
                _error.Flush();
                _lastWidth = Math.Max(_lastWidth, text.Length);
                await Task.Delay(Interval, _time, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed: the request finished.
        }
    }
}
