using System.Net;
using System.Text;
using System.Text.Json;
using EddCloud.Cli;
using EddCloud.Tests.Cli.Dfs;

namespace EddCloud.Tests.Cli.Storage;

/// <summary><c>edd files put</c> and <c>edd files get</c> against an in-memory fake of the file endpoints.</summary>
public sealed class FileTransferCommandsAgainstFakeServerTests : IDisposable
{
    private const string PhotoUrl = $"/api/namespaces/{StorageFakeServer.PhotosId}/files/2026/beach%20day.jpg";

    private readonly StorageHarness _cli = new();

    public FileTransferCommandsAgainstFakeServerTests() => _cli.ServerHandler.WithNamespaces();

    private static byte[] Data(int length, int seed = 11)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static HttpResponseMessage Stored(StorageRequest r, HttpStatusCode status = HttpStatusCode.Created) =>
        StorageFakeServer.Json(status, StorageFakeServer.StoredFile("2026/beach day.jpg", r.Body!.Length, StorageFakeServer.Sha256(r.Body)));

    [Fact]
    public async Task Put_LocalFile_StreamsTheRawBytesWithContentLengthAndAFreshUploadId()
    {
        var data = Data(300_000);
        var local = _cli.WriteLocal("beach.jpg", data);
        _cli.ServerHandler.On("PUT", PhotoUrl, r => Stored(r));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/2026/beach day.jpg");

        Assert.Equal(ExitCodes.Ok, code);
        var put = Assert.Single(_cli.ServerHandler.Calls);
        Assert.Equal(HttpMethod.Put, put.Method);
        Assert.Equal(data, put.Body);
        Assert.Equal(data.Length, put.ContentLength);
        Assert.True(Guid.TryParse(put.Header("X-Upload-Id"), out _), $"X-Upload-Id was '{put.Header("X-Upload-Id")}'");
        Assert.Null(put.Header("If-None-Match"));
        Assert.Contains($"uploaded Photos:/2026/beach day.jpg (293 KiB (300000 bytes), version 1, sha256 {StorageFakeServer.Sha256(data)})", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_TwoRuns_UseTwoDifferentUploadIds()
    {
        var local = _cli.WriteLocal("a.txt", Data(10));
        _cli.ServerHandler.On("PUT", $"/api/namespaces/{StorageFakeServer.PhotosId}/files/a.txt",
            r => StorageFakeServer.Json(HttpStatusCode.Created, StorageFakeServer.StoredFile("a.txt", r.Body!.Length, StorageFakeServer.Sha256(r.Body))));

        await _cli.RunAsync("files", "put", local, "Photos:/a.txt");
        await _cli.RunAsync("files", "put", local, "Photos:/a.txt");

        var ids = _cli.ServerHandler.Calls.Select(r => r.Header("X-Upload-Id")).ToList();
        Assert.Equal(2, ids.Count);
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task Put_NoClobber_SendsIfNoneMatchStar()
    {
        var local = _cli.WriteLocal("beach.jpg", Data(100));
        _cli.ServerHandler.On("PUT", PhotoUrl, r => Stored(r));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/2026/beach day.jpg", "--no-clobber");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("*", Assert.Single(_cli.ServerHandler.Calls).Header("If-None-Match"));
    }

    [Fact]
    public async Task Put_NoClobberAndTheFileExists_Exits1AndSaysHowToReplaceIt()
    {
        var local = _cli.WriteLocal("beach.jpg", Data(100));
        _cli.ServerHandler.On("PUT", PhotoUrl, _ => StorageFakeServer.Problem(HttpStatusCode.PreconditionFailed, "precondition_failed", "The file already exists."));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/2026/beach day.jpg", "-n");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: The file already exists.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("drop --no-clobber to replace it", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ReplacingAFile_SaysReplaced()
    {
        var local = _cli.WriteLocal("beach.jpg", Data(100));
        _cli.ServerHandler.On("PUT", PhotoUrl, r => Stored(r, HttpStatusCode.OK));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/2026/beach day.jpg");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("replaced Photos:/2026/beach day.jpg", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_IntoAFolder_StoresItUnderTheLocalName()
    {
        var local = _cli.WriteLocal("beach day.jpg", Data(100));
        _cli.ServerHandler.On("PUT", PhotoUrl, r => Stored(r));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/2026/");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(PhotoUrl, Assert.Single(_cli.ServerHandler.Calls).Path);
    }

    [Fact]
    public async Task Put_OverQuota_Exits1AndPointsAtUsageAndAnAdmin()
    {
        var local = _cli.WriteLocal("beach.jpg", Data(100));
        _cli.ServerHandler.On("PUT", PhotoUrl, _ => StorageFakeServer.Problem(HttpStatusCode.RequestEntityTooLarge, "quota_exceeded", "This upload would pass your storage quota."));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/2026/beach day.jpg");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: This upload would pass your storage quota.", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("hint: you are at your storage quota; see `edd usage`", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("ask an admin to raise it", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("", _cli.Out);
    }

    [Fact]
    public async Task Put_MissingLocalFile_IsAUsageErrorAndCallsNothing()
    {
        var code = await _cli.RunAsync("files", "put", _cli.LocalPath("nope.jpg"), "Photos:/nope.jpg");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains($"error: there is no local file {_cli.LocalPath("nope.jpg")}", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Put_LocalFolder_IsAUsageErrorAndCallsNothing()
    {
        var code = await _cli.RunAsync("files", "put", _cli.Files, "Photos:/backup");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("is a folder", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    [Fact]
    public async Task Put_ServerStoredOtherBytes_Exits1WithChecksumMismatch()
    {
        var local = _cli.WriteLocal("beach.jpg", Data(100));
        _cli.ServerHandler.On("PUT", PhotoUrl, r => StorageFakeServer.Json(HttpStatusCode.Created, StorageFakeServer.StoredFile("2026/beach day.jpg", 100, new string('0', 64))));

        var code = await _cli.RunAsync("--json", "files", "put", local, "Photos:/2026/beach day.jpg");

        Assert.Equal(ExitCodes.Failed, code);
        using var problem = JsonDocument.Parse(_cli.Error);
        Assert.Equal("checksum_mismatch", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("", _cli.Out);
    }

    [Fact]
    public async Task Put_StderrNotATerminal_PrintsOneFinalProgressLine()
    {
        var local = _cli.WriteLocal("big.bin", Data(2_000_000));
        _cli.ServerHandler.On("PUT", $"/api/namespaces/{StorageFakeServer.PhotosId}/files/big.bin",
            r => StorageFakeServer.Json(HttpStatusCode.Created, StorageFakeServer.StoredFile("big.bin", r.Body!.Length, StorageFakeServer.Sha256(r.Body))));

        var code = await _cli.RunAsync("files", "put", local, "Photos:/big.bin");

        Assert.Equal(ExitCodes.Ok, code);
        var line = Assert.Single(_cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("big.bin: sent 1.91 MiB in ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WholeFile_WritesTheVerifiedTargetAndNoTempFile()
    {
        var data = Data(400_000);
        _cli.ServerHandler.On("GET", PhotoUrl, _ => StorageFakeServer.File(data));
        var target = _cli.LocalPath("beach.jpg");

        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", target);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(data, await File.ReadAllBytesAsync(target));
        Assert.Equal([target], Directory.GetFiles(_cli.Files));
        Assert.Contains($"downloaded Photos:/2026/beach day.jpg to {target} (391 KiB, sha256 verified)", _cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoLocalName_UsesTheRemoteNameInTheGivenFolder()
    {
        var data = Data(10);
        _cli.ServerHandler.On("GET", PhotoUrl, _ => StorageFakeServer.File(data));

        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", _cli.Files);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(data, await File.ReadAllBytesAsync(_cli.LocalPath("beach day.jpg")));
    }

    [Fact]
    public async Task Get_HashMismatch_Exits1AndLeavesNoFile()
    {
        _cli.ServerHandler.On("GET", PhotoUrl, _ => StorageFakeServer.File(Data(300_000), etagSha: new string('a', 64)));

        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", _cli.LocalPath("beach.jpg"));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
        Assert.Contains("error: the data received for Photos:/2026/beach day.jpg has sha256", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was kept", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HashMismatch_LeavesThePreviousTargetAsItWas()
    {
        var target = _cli.WriteLocal("beach.jpg", Encoding.UTF8.GetBytes("the old photo"));
        _cli.ServerHandler.On("GET", PhotoUrl, _ => StorageFakeServer.File(Data(1000), etagSha: new string('a', 64)));

        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", target);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("the old photo", await File.ReadAllTextAsync(target));
        Assert.Equal([target], Directory.GetFiles(_cli.Files));
    }

    [Fact]
    public async Task Get_BodyShorterThanAnnounced_Exits1AndLeavesNoFile()
    {
        var data = Data(5000);
        _cli.ServerHandler.On("GET", PhotoUrl, _ =>
        {
            var content = new ByteArrayContent(data[..3000]);
            content.Headers.ContentLength = data.Length;
            return StorageFakeServer.File(content, StorageFakeServer.Sha256(data));
        });

        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", _cli.LocalPath("beach.jpg"));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
        Assert.Contains("received 2.93 KiB (3000 bytes) of Photos:/2026/beach day.jpg, but the server announced 4.88 KiB (5000 bytes)", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ConnectionBreaksMidBody_Exits2AndLeavesNoFile()
    {
        var data = Data(500_000);
        _cli.ServerHandler.On("GET", PhotoUrl, _ => StorageFakeServer.File(new StreamContent(new BreakingStream(data[..200_000])), StorageFakeServer.Sha256(data)));

        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", _cli.LocalPath("beach.jpg"));

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
        Assert.Contains("the download broke off after", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AfterAFailedRun_ARerunStartsCleanAndSucceeds()
    {
        var data = Data(50_000);
        var calls = 0;
        _cli.ServerHandler.On("GET", PhotoUrl, _ => ++calls == 1
            ? StorageFakeServer.File(new StreamContent(new BreakingStream(data[..20_000])), StorageFakeServer.Sha256(data))
            : StorageFakeServer.File(data));
        var target = _cli.LocalPath("beach.jpg");

        var first = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", target);
        var second = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", target);

        Assert.Equal(ExitCodes.Unreachable, first);
        Assert.Equal(ExitCodes.Ok, second);
        Assert.Equal(data, await File.ReadAllBytesAsync(target));
        Assert.Equal([target], Directory.GetFiles(_cli.Files));
    }

    [Fact]
    public async Task Get_ToStdout_WritesTheBytesAndNoSummary()
    {
        var data = Data(70_000);
        _cli.ServerHandler.On("GET", PhotoUrl, _ => StorageFakeServer.File(data));
        var console = new DfsConsole();

        var code = await _cli.RunAsync(console, "files", "get", "Photos:/2026/beach day.jpg", "-");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(data, console.Stdout.ToArray());
        Assert.Equal("", _cli.Out);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
    }

    [Fact]
    public async Task Get_NotFound_Exits1AndPointsAtTheFolderListing()
    {
        var code = await _cli.RunAsync("files", "get", "Photos:/2026/beach day.jpg", _cli.LocalPath("beach.jpg"));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("hint: no such file, or its namespace is not visible to you; see `edd files ls Photos:/2026/`", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_cli.Files));
    }

    [Fact]
    public async Task Get_FolderInsteadOfFile_IsAUsageErrorAndCallsNothing()
    {
        var code = await _cli.RunAsync("files", "get", "Photos:/2026/");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("names a folder, not a file", _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.ServerHandler.Requests);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>A response body that delivers some bytes, then fails like a dropped connection.</summary>
    private sealed class BreakingStream(byte[] first) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= first.Length)
            {
                throw new IOException("The response ended prematurely.");
            }

            var n = Math.Min(count, first.Length - _position);
            Array.Copy(first, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
