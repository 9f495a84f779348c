using EddCloud.Cli.Terminal;

namespace EddCloud.Cli.Transfers;

/// <summary>
/// What file transfers need from a console beyond <see cref="ICliConsole"/>: whether stderr is a
/// terminal (for the progress bar) and binary stdin/stdout (for <c>-</c>). A test console implements
/// it; the real console is adapted by <see cref="TransferConsole.For"/>.
/// </summary>
public interface ITransferConsole
{
    /// <summary>True when stderr is a terminal, so a redrawn progress bar makes sense.</summary>
    bool IsErrorTerminal { get; }

    Stream OpenStandardInput();

    Stream OpenStandardOutput();
}

/// <summary>Finds the <see cref="ITransferConsole"/> of a command's console.</summary>
public static class TransferConsole
{
    public static ITransferConsole For(ICliConsole console) => console switch
    {
        ITransferConsole transfer => transfer,
        SystemConsole => SystemTransferConsole.Instance,
        _ => NoTransferConsole.Instance,
    };

    private sealed class SystemTransferConsole : ITransferConsole
    {
        public static readonly SystemTransferConsole Instance = new();

        public bool IsErrorTerminal => !Console.IsErrorRedirected;

        public Stream OpenStandardInput() => Console.OpenStandardInput();

        public Stream OpenStandardOutput()
        {
            Console.Out.Flush();
            return Console.OpenStandardOutput();
        }
    }

    private sealed class NoTransferConsole : ITransferConsole
    {
        public static readonly NoTransferConsole Instance = new();

        public bool IsErrorTerminal => false;

        public Stream OpenStandardInput() => throw new CliUsageException("this console cannot read binary stdin", "give a local file instead of '-'");

        public Stream OpenStandardOutput() => throw new CliUsageException("this console cannot write binary stdout", "give a local file instead of '-'");
    }
}
