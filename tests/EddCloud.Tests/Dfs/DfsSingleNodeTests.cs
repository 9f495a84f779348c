using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Dfs;

/// <summary>The file system end to end on the single-node cloud: one disk, so one copy, reported as under-replicated.</summary>
[IntegrationTest]
public sealed class DfsSingleNodeTests : IAsyncLifetime
{
    private const int ChunkSize = 1024 * 1024;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(new Dictionary<string, string>
    {
        ["EDD_DFS__CHUNK_SIZE"] = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EDD_DFS__RESERVE_BYTES"] = "0",
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task PutGetOverwriteDelete_ManyChunks_BytesIdenticalAndVersionsAtomic()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        const long size = 5L * ChunkSize + 17;
        var expected = await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed: 1));

        var put = await DfsTestFiles.PutAsync(admin, "/backups/2026/a.bin", DfsTestFiles.Generate(size, seed: 1), size);
        await ApiAssert.StatusAsync(put, HttpStatusCode.Created, "put");
        var written = await DfsTestFiles.ReadWriteAsync(put);

        Assert.Equal(size, written.File.Size);
        Assert.Equal(6, written.File.Chunks);
        Assert.Equal(expected, written.File.Sha256);
        Assert.Equal(1, written.Replicas);
        Assert.True(written.UnderReplicated, "one disk keeps one copy and says so");
        Assert.Equal(expected, await DfsTestFiles.GetSha256Async(admin, "/backups/2026/a.bin"));

        // A range across a chunk boundary.
        using var range = new HttpRequestMessage(HttpMethod.Get, "/api/dfs/files/backups/2026/a.bin");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(ChunkSize - 5, ChunkSize + 4);
        var partial = await admin.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        var source = new byte[size];
        await DfsTestFiles.Generate(size, seed: 1).ReadExactlyAsync(source);
        Assert.Equal(source.AsSpan(ChunkSize - 5, 10).ToArray(), await partial.Content.ReadAsByteArrayAsync());

        var overwrite = await DfsTestFiles.PutAsync(admin, "/backups/2026/a.bin", DfsTestFiles.Generate(100, seed: 2), 100);
        Assert.Equal(written.File.Version + 1, (await DfsTestFiles.ReadWriteAsync(overwrite)).File.Version);
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(100, seed: 2)), await DfsTestFiles.GetSha256Async(admin, "/backups/2026/a.bin"));

        var root = await admin.GetFromJsonAsync<FolderBody>("/api/dfs/folders?path=/backups");
        Assert.Contains(root!.Items, e => e.Name == "2026" && e.IsFolder);

        await ApiAssert.StatusAsync(await admin.DeleteAsync("/api/dfs/files/backups/2026/a.bin"), HttpStatusCode.NoContent, "delete");
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/dfs/files/backups/2026/a.bin"), HttpStatusCode.NotFound, "not_found", "read after delete");
    }

    [Fact]
    public async Task Get_RandomRangesAcrossChunkBoundaries_BytesIdentical()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        const long size = 4L * ChunkSize + 4321;
        await DfsTestFiles.PutAsync(admin, "/ranges.bin", DfsTestFiles.Generate(size, seed: 8), size);
        var source = new byte[size];
        await DfsTestFiles.Generate(size, seed: 8).ReadExactlyAsync(source);
        var random = new Random(9);

        for (var i = 0; i < 25; i++)
        {
            // Half of the ranges straddle a chunk boundary; some run to the end of the file.
            var boundary = random.Next(1, 5) * (long)ChunkSize;
            var first = i % 2 == 0 ? boundary - random.Next(1, 200_000) : random.NextInt64(size);
            var last = i % 5 == 0 ? size - 1 : Math.Min(size - 1, first + random.Next(0, 3 * ChunkSize));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dfs/files/ranges.bin");
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(first, last);
            using var response = await admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(source.AsSpan((int)first, (int)(last - first + 1)).SequenceEqual(body), $"bytes {first}-{last} differ from the source");
        }
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed: 8)), await DfsTestFiles.GetSha256Async(admin, "/ranges.bin"));
    }

    [Fact]
    public async Task Put_BodyBreaksInSecondChunkWhileFirstCommits_FailsAndOldVersionStaysNothingStaged()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        await DfsTestFiles.PutAsync(admin, "/kept-on-failure.bin", DfsTestFiles.Generate(3L * ChunkSize, seed: 30), 3L * ChunkSize);
        const long size = 4L * ChunkSize;

        // The first chunk is finishing (fsync, commit) while the second streams; then the body breaks.
        var broken = new BreaksAfterStream(DfsTestFiles.Generate(size, seed: 31), ChunkSize + (ChunkSize / 2));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => DfsTestFiles.PutAsync(admin, "/kept-on-failure.bin", broken, size));

        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(3L * ChunkSize, seed: 30)), await DfsTestFiles.GetSha256Async(admin, "/kept-on-failure.bin"));
        await ApiAssert.EventuallyAsync(() => Task.FromResult(StagedFiles().Count == 0), TimeSpan.FromSeconds(30),
            "no staged replica left behind by the failed upload");
        // The next upload of the same path works.
        var again = await DfsTestFiles.PutAsync(admin, "/kept-on-failure.bin", DfsTestFiles.Generate(size, seed: 32), size);
        await ApiAssert.StatusAsync(again, HttpStatusCode.Created, "upload after the failed one");
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed: 32)), await DfsTestFiles.GetSha256Async(admin, "/kept-on-failure.bin"));
    }

    private List<string> StagedFiles() =>
        Directory.GetDirectories(_silo.DataDirectory, "staging", SearchOption.AllDirectories).SelectMany(Directory.GetFiles).ToList();

    /// <summary>An upload body that fails after <paramref name="good"/> bytes, as a client that drops mid-upload.</summary>
    private sealed class BreaksAfterStream(Stream inner, long good) : Stream
    {
        private long _given;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_given >= good)
                throw new IOException("the client's source broke");
            var read = inner.Read(buffer, offset, (int)Math.Min(count, good - _given));
            _given += read;
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _given; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task EmptyFile_StoredAndReadBack()
    {
        using var admin = await _silo.SignInAsAdminAsync();

        var put = await DfsTestFiles.PutAsync(admin, "/empty", Stream.Null, 0);

        await ApiAssert.StatusAsync(put, HttpStatusCode.Created, "put empty");
        Assert.Equal(0, (await DfsTestFiles.ReadWriteAsync(put)).File.Chunks);
        Assert.Empty(await admin.GetByteArrayAsync("/api/dfs/files/empty"));
    }

    [Fact]
    public async Task BadInput_RefusedWithProblemAndNothingChanged()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        await DfsTestFiles.PutAsync(admin, "/kept", DfsTestFiles.Generate(10, 3), 10);

        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/dfs/files/nope/missing"), HttpStatusCode.NotFound, "not_found", "unknown file");
        using (var pastEnd = new HttpRequestMessage(HttpMethod.Get, "/api/dfs/files/kept"))
        {
            pastEnd.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(20, 50);
            await ApiAssert.ProblemAsync(await admin.SendAsync(pastEnd), HttpStatusCode.RequestedRangeNotSatisfiable, "range_not_satisfiable", "range past the end");
        }
        using (var overEnd = new HttpRequestMessage(HttpMethod.Get, "/api/dfs/files/kept"))
        {
            // A last byte past the end means "to the end" (RFC 9110).
            overEnd.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(5, 50);
            using var partial = await admin.SendAsync(overEnd);
            await ApiAssert.StatusAsync(partial, HttpStatusCode.PartialContent, "range over the end");
            Assert.Equal(5, (await partial.Content.ReadAsByteArrayAsync()).Length);
        }
        // '..' never reaches the file system: HTTP clients and Kestrel resolve dot segments first, and the
        // path rules refuse them anyway (DfsGrainTests). A control character arrives and is refused.
        var control = await DfsTestFiles.PutAsync(admin, "/a%01b", DfsTestFiles.Generate(5, 4), 5);
        var detail = await ApiAssert.ProblemAsync(control, HttpStatusCode.BadRequest, "validation", "a control character in the path");
        Assert.Contains("control", detail, StringComparison.Ordinal);
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(10, 3)), await DfsTestFiles.GetSha256Async(admin, "/kept"));

        var user = await TestUsers.CreateAsync(admin);
        using var userClient = await user.SignInAsync(_silo);
        await ApiAssert.ProblemAsync(await DfsTestFiles.PutAsync(userClient, "/kept", DfsTestFiles.Generate(5, 5), 5), HttpStatusCode.Forbidden, "forbidden", "a non-admin writing");
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(10, 3)), await DfsTestFiles.GetSha256Async(admin, "/kept"));

        using var anonymous = _silo.CreateClient();
        await ApiAssert.ProblemAsync(await anonymous.GetAsync("/api/dfs/files/kept"), HttpStatusCode.Unauthorized, "unauthorized", "anonymous read");
    }

    [Fact]
    public async Task Status_ShowsThisNodeAliveWithItsDisk()
    {
        using var admin = await _silo.SignInAsAdminAsync();

        var status = await admin.GetFromJsonAsync<StatusBody>("/api/dfs/status");

        var node = Assert.Single(status!.Nodes);
        Assert.True(node.Alive);
        Assert.Single(node.Disks);
        Assert.Equal(ChunkSize, status.ChunkSize);
    }

    private sealed record FolderBody(string Path, List<EntryBody> Items, string? Next);
    private sealed record EntryBody(string Name, bool IsFolder);
    private sealed record StatusBody(long ChunkSize, int ReplicationFactor, List<NodeBody> Nodes);
    private sealed record NodeBody(string Name, bool Alive, List<object> Disks);

    /// <summary>
    /// The disk refuses phase two (the chunk folders made immutable, as a read-only remount would): the upload fails
    /// with 503 instead of acknowledging a file whose only replica never left staging, and the old version still reads.
    /// </summary>
    [Fact]
    public async Task DiskRefusesTheCommit_UploadFailsWith503_OldVersionStillReads_NextUploadWorks()
    {
        using var admin = await _silo.SignInAsAdminAsync();
        const long size = 2L * ChunkSize + 5;
        const string path = "/refused/a.bin";
        await ApiAssert.StatusAsync(await DfsTestFiles.PutAsync(admin, path, DfsTestFiles.Generate(size, seed: 3), size), HttpStatusCode.Created, "first version");

        var committed = Path.Combine(_silo.DataDirectory, "chunks", "chunks");
        string[] folders = [committed, .. Directory.GetDirectories(committed)];
        await ChattrAsync("+i", folders);
        try
        {
            var refused = await DfsTestFiles.PutAsync(admin, path, DfsTestFiles.Generate(size, seed: 4), size);
            var problem = await ApiAssert.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "unavailable", "an upload whose commit the disk refused");
            Assert.Contains("Upload it again", problem, StringComparison.Ordinal);
            Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed: 3)), await DfsTestFiles.GetSha256Async(admin, path));
        }
        finally
        {
            await ChattrAsync("-i", folders);
        }

        await ApiAssert.StatusAsync(await DfsTestFiles.PutAsync(admin, path, DfsTestFiles.Generate(size, seed: 5), size), HttpStatusCode.Created, "after the disk recovered");
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed: 5)), await DfsTestFiles.GetSha256Async(admin, path));
    }

    private static async Task ChattrAsync(string change, string[] folders)
    {
        var (exitCode, _, error) = await Hosting.ExternalTool.RunAsync("chattr", [change, .. folders], TimeSpan.FromSeconds(10));
        Assert.True(exitCode == 0, $"chattr {change} failed: {error}");
    }
}
