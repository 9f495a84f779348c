using EddCloud.Cli.Terminal;

namespace EddCloud.Tests.Cli;

/// <summary>A scripted terminal: queued stdin lines and secrets, captured stdout and stderr.</summary>
public sealed class FakeConsole(bool interactive = false) : ICliConsole
{
    private readonly Queue<string> _lines = new();
    private readonly Queue<string> _secrets = new();

    public StringWriter OutText { get; } = new();

    public StringWriter ErrorText { get; } = new();

    public TextWriter Out => OutText;

    public TextWriter Error => ErrorText;

    public bool IsInteractive { get; set; } = interactive;

    public FakeConsole WithLine(string line)
    {
        _lines.Enqueue(line);
        return this;
    }

    public FakeConsole WithSecret(string secret)
    {
        _secrets.Enqueue(secret);
        return this;
    }

    public string? ReadLine() => _lines.TryDequeue(out var line) ? line : null;

    public string? ReadSecret() => _secrets.TryDequeue(out var secret) ? secret : null;
}
