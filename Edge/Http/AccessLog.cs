using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace EddCloud.Edge.Http;

/// <summary>
/// The edge's access log: one line per request, written by one background writer to standard output (or the file
/// <see cref="EdgeOptions.AccessLog"/> names) in whole-line writes, so it never tears lines of the other logs sharing
/// the stream. It is cheaper per request than a structured log entry, and it never drops a line: when the writer
/// falls behind, requests wait for it.
/// </summary>
public sealed class AccessLog : BackgroundService
{
    private const int MaxLine = 4000;
    private const int WriteSize = 4096;
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(16_384)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });
    private readonly string _target;

    public AccessLog(IOptions<EdgeOptions> options) => _target = options.Value.AccessLog;

    public bool Enabled => !string.Equals(_target, "off", StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(string line) => _lines.Writer.TryWrite(line) ? ValueTask.CompletedTask : _lines.Writer.WriteAsync(line);

    /// <summary>One line: time, client, request, status, duration, upstream, request id; control characters and quotes escaped.</summary>
    public static string Format(DateTimeOffset time, string client, string method, string url, string protocol, int status, double milliseconds,
        string upstream, string requestId, bool aborted)
    {
        var line = new StringBuilder(160)
            .Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(' ')
            .Append(client).Append(" \"").Append(method).Append(' ');
        Escape(line, url);
        line.Append(' ').Append(protocol).Append("\" ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(milliseconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("ms upstream=").Append(upstream)
            .Append(" id=").Append(requestId);
        if (aborted)
            line.Append(" aborted");
        if (line.Length > MaxLine)
            line.Length = MaxLine;
        return line.Append('\n').ToString();
    }

    private static void Escape(StringBuilder line, string text)
    {
        foreach (var character in text)
        {
            if (character < 0x20 || character == 0x7f || character == '"' || character == '\\')
                line.Append("\\x").Append(((int)character).ToString("x2", CultureInfo.InvariantCulture));
            else
                line.Append(character);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
            return;
        await using var output = string.IsNullOrEmpty(_target) || string.Equals(_target, "console", StringComparison.OrdinalIgnoreCase)
            ? Console.OpenStandardOutput()
            : new FileStream(_target, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var buffer = new byte[WriteSize];
        var used = 0;
        var reader = _lines.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (reader.TryRead(out var line))
                {
                    var size = Encoding.UTF8.GetByteCount(line);
                    if (used + size > buffer.Length)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, used), stoppingToken);
                        used = 0;
                    }

                    used += Encoding.UTF8.GetBytes(line, buffer.AsSpan(used));
                }

                await output.WriteAsync(buffer.AsMemory(0, used), stoppingToken);
                await output.FlushAsync(stoppingToken);
                used = 0;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is written below.
        }

        while (reader.TryRead(out var rest))
            await output.WriteAsync(Encoding.UTF8.GetBytes(rest), CancellationToken.None);
        await output.FlushAsync(CancellationToken.None);
    }
}
