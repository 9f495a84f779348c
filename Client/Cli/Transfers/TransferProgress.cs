using System.Globalization;
using System.Text;

namespace EddCloud.Cli.Transfers;

/// <summary>
/// Progress of one transfer on stderr. On a terminal: a bar redrawn in place (bytes / total, rate,
/// ETA) at most every <see cref="Interval"/>, then one final line. Elsewhere (a log, a pipe): only the
/// final line, and nothing at all when <c>quiet</c> (with --json, where stderr is for JSON problems).
/// </summary>
public sealed class TransferProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private const int BarWidth = 24;
    private readonly TextWriter _error;
    private readonly bool _terminal;
    private readonly bool _quiet;
    private readonly TimeProvider _time;
    private readonly string _label;
    private readonly string _verb;
    private readonly long? _total;
    private readonly long _started;
    private long _lastDraw;
    private int _lastWidth;
    private bool _drawn;
    private bool _ended;

    public TransferProgress(TextWriter error, bool terminal, bool quiet, TimeProvider time, string label, string verb, long? total)
    {
        _error = error;
        _terminal = terminal;
        _quiet = quiet && !terminal;
        _time = time;
        _label = label.Length > 24 ? "..." + label[^21..] : label;
        _verb = verb;
        _total = total;
        _started = time.GetTimestamp();
        _lastDraw = _started;
    }

    public long Bytes { get; private set; }

    /// <summary>Records the bytes moved so far; redraws when on a terminal and the interval has passed.</summary>
    public void Report(long bytes)
    {
        Bytes = bytes;
        if (!_terminal || _ended)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_drawn && _time.GetElapsedTime(_lastDraw, now) < Interval)
        {
            return;
        }

        // The first bar waits one interval too, so small transfers print only the final line.
        if (!_drawn && _time.GetElapsedTime(_started, now) < Interval)
        {
            return;
        }

        _lastDraw = now;
        Draw(Bar(_time.GetElapsedTime(_started, now)), newLine: false);
        _drawn = true;
    }

    /// <summary>The final line: "sent 12.3 MiB in 1.20 s (10.2 MiB/s)".</summary>
    public void Complete()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        if (_quiet)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(_started);
        Draw($"{_label}: {_verb} {ByteSize.Format(Bytes)} in {Duration(elapsed)} ({ByteSize.Rate(Rate(elapsed))})", newLine: true);
    }

    /// <summary>Ends a drawn bar with a line break so an error message starts on its own line.</summary>
    public void Abort()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        if (_drawn)
        {
            _error.WriteLine();
        }
    }

    private string Bar(TimeSpan elapsed)
    {
        var rate = Rate(elapsed);
        var line = new StringBuilder(_label).Append("  ");
        if (_total is { } total && total > 0)
        {
            var fraction = Math.Clamp((double)Bytes / total, 0, 1);
            var filled = (int)(fraction * BarWidth);
            line.Append('[').Append('#', filled).Append('.', BarWidth - filled).Append("] ")
                .Append((fraction * 100).ToString("0", CultureInfo.InvariantCulture).PadLeft(3)).Append("%  ")
                .Append(ByteSize.Format(Bytes)).Append(" / ").Append(ByteSize.Format(total)).Append("  ")
                .Append(ByteSize.Rate(rate));
            if (rate > 0)
            {
                line.Append("  ETA ").Append(Duration(TimeSpan.FromSeconds(Math.Max(0, total - Bytes) / rate)));
            }
        }
        else
        {
            line.Append(ByteSize.Format(Bytes)).Append("  ").Append(ByteSize.Rate(rate));
        }

        return line.ToString();
    }

    private double Rate(TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? Bytes / elapsed.TotalSeconds : 0;

    private void Draw(string text, bool newLine)
    {
        if (_terminal)
        {
            // Overwrite the previous bar in place, blanking what a longer previous line left behind.
            _error.Write('\r');
            _error.Write(text.PadRight(_lastWidth));
            _lastWidth = text.Length;
        }
        else
        {
            _error.Write(text);
        }

        if (newLine)
        {
            _error.WriteLine();
        }

        _error.Flush();
    }

    public static string Duration(TimeSpan value)
    {
        if (value.TotalSeconds < 60)
        {
            return value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
        }

        if (value.TotalHours > 99)
        {
            return ">99 h";
        }

        return value.TotalHours >= 1
            ? value.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : value.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
