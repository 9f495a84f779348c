using EddCloud.Cli.Dfs;
using EddCloud.Cli.Transfers;
using EddCloud.Cli.Terminal;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary>A scripted terminal that can also be a terminal on stderr and carry binary stdin/stdout.</summary>
public sealed class DfsConsole(bool interactive = false, bool errorTerminal = false) : ICliConsole, ITransferConsole
{
    private readonly Queue<string> _lines = new();

    public StringWriter OutText { get; } = new();

    public StringWriter ErrorText { get; } = new();

    public TextWriter Out => OutText;

    public TextWriter Error => ErrorText;

    public bool IsInteractive { get; } = interactive;

    public bool IsErrorTerminal { get; } = errorTerminal;

    public byte[] Stdin { get; init; } = [];

    public MemoryStream Stdout { get; } = new();

    public DfsConsole WithLine(string line)
    {
        _lines.Enqueue(line);
        return this;
    }

    public string? ReadLine() => _lines.TryDequeue(out var line) ? line : null;

    public string? ReadSecret() => null;

    // Not seekable, like a pipe.
    public Stream OpenStandardInput() => new NonSeekableStream(new MemoryStream(Stdin, writable: false));

    public Stream OpenStandardOutput() => new NonDisposingStream(Stdout);

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class NonDisposingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
