namespace EddCloud.Cli.Terminal;

/// <summary>The terminal, abstracted so tests can script input and capture output.</summary>
public interface ICliConsole
{
    TextWriter Out { get; }

    TextWriter Error { get; }

    /// <summary>True when stdin is a terminal, so prompting a person makes sense.</summary>
    bool IsInteractive { get; }

    /// <summary>One line of stdin without its line ending, or null at end of input.</summary>
    string? ReadLine();

    /// <summary>One line typed without echo (a password), or null at end of input.</summary>
    string? ReadSecret();
}
