using EddCloud.Cli;
using EddCloud.Cli.Dfs;
using EddCloud.Cli.Transfers;
using Microsoft.Extensions.Time.Testing;

namespace EddCloud.Tests.Cli.Dfs;

/// <summary>The pieces of <c>edd dfs</c> transfers on their own: progress, stall watchdog, ranges, remote paths.</summary>
public sealed class DfsTransferPartsTests
{
    [Fact]
    public void Progress_NotATerminal_WritesOnlyTheFinalLine()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var progress = new TransferProgress(error, terminal: false, quiet: false, time, "a.bin", "sent", 10_000_000);

        for (var i = 1; i <= 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            progress.Report(i * 100_000L);
        }

        Assert.Equal("", error.ToString());
        progress.Complete();
        Assert.Equal($"a.bin: sent 9.54 MiB in 5.00 s (1.91 MiB/s){Environment.NewLine}", error.ToString());
    }

    [Fact]
    public void Progress_NotATerminalAndQuiet_WritesNothing()
    {
        var error = new StringWriter();
        var progress = new TransferProgress(error, terminal: false, quiet: true, new FakeTimeProvider(), "a.bin", "sent", 10);

        progress.Report(10);
        progress.Complete();

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Progress_Terminal_RedrawsAtMostTenTimesASecondThenEndsTheLine()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var progress = new TransferProgress(error, terminal: true, quiet: true, time, "a.bin", "received", 1_000_000);

        // One second of reports every 10 ms: at most ten redraws.
        for (var i = 1; i <= 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            progress.Report(i * 5_000L);
        }

        var draws = error.ToString().Count(c => c == '\r');
        Assert.InRange(draws, 5, 10);
        Assert.Contains("[############............]  50%  488 KiB / 977 KiB  488 KiB/s  ETA 1.00 s", error.ToString(), StringComparison.Ordinal);

        progress.Complete();
        var text = error.ToString();
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("\ra.bin: received 488 KiB in 1.00 s (488 KiB/s)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_AbortAfterABar_EndsTheLineForTheError()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var progress = new TransferProgress(error, terminal: true, quiet: false, time, "a.bin", "sent", null);
        time.Advance(TimeSpan.FromSeconds(1));
        progress.Report(1024);

        progress.Abort();
        progress.Complete();

        Assert.Equal(2, error.ToString().Split(Environment.NewLine).Length);
        Assert.Contains("1.00 KiB  1.00 KiB/s", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Watchdog_NoProgressForTheLimit_CancelsAndReportsStalled()
    {
        var time = new FakeTimeProvider();
        using var watchdog = new StallWatchdog(time, TimeSpan.FromSeconds(10), CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(6));
        watchdog.Touch();
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(watchdog.Token.IsCancellationRequested);

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.True(watchdog.Stalled);
    }

    [Fact]
    public void Watchdog_OuterCancelled_CancelsWithoutStall()
    {
        using var outer = new CancellationTokenSource();
        using var watchdog = new StallWatchdog(new FakeTimeProvider(), TimeSpan.FromSeconds(10), outer.Token);

        outer.Cancel();

        Assert.True(watchdog.Token.IsCancellationRequested);
        Assert.False(watchdog.Stalled);
    }

    [Theory]
    [InlineData("0-99", 0L, 99L)]
    [InlineData("100-", 100L, null)]
    [InlineData("bytes=5-5", 5L, 5L)]
    public void ParseRange_ValidText_ReturnsInclusiveBounds(string text, long first, long? last) =>
        Assert.Equal((first, last), DfsTransferCommands.ParseRange(text));

    [Theory]
    [InlineData("5-3")]
    [InlineData("-5")]
    [InlineData("a-b")]
    [InlineData("1,2")]
    [InlineData("")]
    public void ParseRange_InvalidText_ThrowsUsage(string text) =>
        Assert.Throws<CliUsageException>(() => DfsTransferCommands.ParseRange(text));

    [Theory]
    [InlineData("backups/a.tar", "/backups/a.tar", "api/dfs/files/backups/a.tar")]
    [InlineData("/a b/c#d?.txt", "/a b/c#d?.txt", "api/dfs/files/a%20b/c%23d%3F.txt")]
    [InlineData("/x/...", "/x/...", "api/dfs/files/x/...")]
    public void RemotePath_File_NormalizesAndEscapesEachSegment(string input, string absolute, string url)
    {
        Assert.Equal(absolute, DfsRemotePath.File(input));
        Assert.Equal(url, DfsRemotePath.FileUrl(DfsRemotePath.File(input)));
    }

    [Theory]
    [InlineData("/a/../b")]
    [InlineData("./a")]
    [InlineData("/a//b")]
    [InlineData("/a/")]
    [InlineData("/")]
    public void RemotePath_FileUnsafeOrFolder_ThrowsUsage(string input) =>
        Assert.Throws<CliUsageException>(() => DfsRemotePath.File(input));

    [Theory]
    [InlineData(null, "/")]
    [InlineData("/", "/")]
    [InlineData("backups/", "/backups")]
    [InlineData("/a/b", "/a/b")]
    public void RemotePath_Folder_Normalizes(string? input, string expected) =>
        Assert.Equal(expected, DfsRemotePath.Folder(input));

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1536L, "1.50 KiB")]
    [InlineData(67108864L, "64.0 MiB")]
    [InlineData(1000000000000L, "931 GiB")]
    public void ByteSize_Format_UsesBinaryUnits(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));
}
