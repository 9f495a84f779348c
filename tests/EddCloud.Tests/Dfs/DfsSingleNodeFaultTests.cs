using System.Collections.Concurrent;
using System.Net;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Dfs;

/// <summary>
/// The single-node cloud under faults and concurrency: kill -9 in the middle of writes, readers racing
/// overwrites and deletes, parallel writers, and a 2 GiB upload in bounded memory.
/// </summary>
[IntegrationTest]
public sealed class DfsSingleNodeFaultTests
{
    private const int ChunkSize = 1024 * 1024;

    [Fact]
    public async Task KillNineDuringWrites_Restart_AcknowledgedIdentical_OthersNeverPartial_LeftoversCollected()
    {
        await using var silo = await SiloProcess.StartAsync(DfsMaintenance.FastSettings(ChunkSize));
        var acknowledged = new ConcurrentDictionary<string, (long Size, int Seed)>();
        var attempted = new ConcurrentDictionary<string, (long Size, int Seed)>();
        using var stop = new CancellationTokenSource();
        using (var admin = await silo.SignInAsAdminAsync())
        {
            var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 500 && !stop.IsCancellationRequested; i++)
                {
                    var (path, seed) = ($"/crash/w{w}/{i}.bin", w * 1000 + i);
                    var size = ChunkSize / 2 + (seed * 7919L % (3L * ChunkSize));
                    attempted[path] = (size, seed);
                    try
                    {
                        var put = await DfsTestFiles.PutAsync(admin, path, DfsTestFiles.Generate(size, seed), size);
                        if (put.StatusCode == HttpStatusCode.Created)
                            acknowledged[path] = (size, seed);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the silo died under this request
                    }
                }
            })).ToList();
            await ApiAssert.EventuallyAsync(() => Task.FromResult(acknowledged.Count >= 12), TimeSpan.FromSeconds(60), "a dozen acknowledged writes");
            await silo.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        Assert.True(attempted.Count > acknowledged.Count, "some writes were in flight at the kill");

        await silo.StartAsync();
        using var after = await silo.SignInAsAdminAsync();
        foreach (var (path, (size, seed)) in acknowledged)
            Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed)), await DfsTestFiles.GetSha256Async(after, path));
        foreach (var (path, (size, seed)) in attempted.Where(a => !acknowledged.ContainsKey(a.Key)))
        {
            // A commit that became durable just before the kill is whole; nothing is ever half there.
            using var response = await after.GetAsync("/api/dfs/files" + path);
            if (response.StatusCode != HttpStatusCode.NotFound)
                Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed)), await DfsTestFiles.Sha256Async(await response.Content.ReadAsStreamAsync()));
        }

        // The unacknowledged writes' staged and committed-but-unused chunks go once their leases and the grace period pass.
        DfsMaintenance.FsckBody? fsck = null;
        await ApiAssert.EventuallyAsync(async () =>
        {
            await Task.Delay(1000);
            fsck = await DfsMaintenance.FsckAsync(after, verify: false);
            return fsck.UnreferencedReplicas == 0 && DfsMaintenance.StagingFiles(silo).Count == 0;
        }, TimeSpan.FromMinutes(2), "leftovers of the interrupted writes collected");
        Assert.True(fsck!.Healthy, DfsMaintenance.Describe(fsck));
        foreach (var (path, (size, seed)) in acknowledged)
            Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, seed)), await DfsTestFiles.GetSha256Async(after, path));
    }

    [Fact]
    public async Task OverwriteAndDelete_WhileReaderStreams_ReaderGetsTheWholeVersionItOpened()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["EDD_DFS__CHUNK_SIZE"] = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EDD_DFS__RESERVE_BYTES"] = "0",
        });
        using var admin = await silo.SignInAsAdminAsync();
        // Larger than the socket buffers, so most of it is fetched from the chunks after the change.
        const long size = 24L * ChunkSize + 5;
        await DfsTestFiles.PutAsync(admin, "/race.bin", DfsTestFiles.Generate(size, 1), size);

        var first = await ReadWhileAsync(admin, "/race.bin", async () =>
            await ApiAssert.StatusAsync(await DfsTestFiles.PutAsync(admin, "/race.bin", DfsTestFiles.Generate(size, 2), size), HttpStatusCode.Created, "overwrite"));
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 1)), first);
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 2)), await DfsTestFiles.GetSha256Async(admin, "/race.bin"));

        var second = await ReadWhileAsync(admin, "/race.bin", async () =>
            await ApiAssert.StatusAsync(await admin.DeleteAsync("/api/dfs/files/race.bin"), HttpStatusCode.NoContent, "delete"));
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 2)), second);
        await ApiAssert.ProblemAsync(await admin.GetAsync("/api/dfs/files/race.bin"), HttpStatusCode.NotFound, "not_found", "read after delete");
    }

    [Fact]
    public async Task ConcurrentWriters_DifferentFiles_EveryFileIdenticalAndListed()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["EDD_DFS__CHUNK_SIZE"] = ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EDD_DFS__RESERVE_BYTES"] = "0",
        });
        using var admin = await silo.SignInAsAdminAsync();
        var files = Enumerable.Range(0, 8).Select(i => (Path: $"/parallel/f{i}.bin", Size: i * 700_001L + 3, Seed: 100 + i)).ToList();

        var puts = await Task.WhenAll(files.Select(f => DfsTestFiles.PutAsync(admin, f.Path, DfsTestFiles.Generate(f.Size, f.Seed), f.Size)));

        Assert.All(puts, p => Assert.Equal(HttpStatusCode.Created, p.StatusCode));
        foreach (var f in files)
            Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(f.Size, f.Seed)), await DfsTestFiles.GetSha256Async(admin, f.Path));
        var listing = await admin.GetStringAsync("/api/dfs/folders?path=/parallel");
        Assert.All(files, f => Assert.Contains($"\"{f.Path[10..]}\"", listing, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoGibUpload_StreamedInBoundedMemory_ReadsBackIdentical()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["EDD_DFS__RESERVE_BYTES"] = "0" });
        using var admin = await DfsMaintenance.LongTransferClientAsync(silo);
        const long size = 2L * 1024 * 1024 * 1024;
        var before = PeakResidentBytes(silo.ProcessId);

        var put = await DfsTestFiles.PutAsync(admin, "/two-gib.bin", DfsTestFiles.Generate(size, 77), size);

        await ApiAssert.StatusAsync(put, HttpStatusCode.Created, "2 GiB upload");
        Assert.Equal(32, (await DfsTestFiles.ReadWriteAsync(put)).File.Chunks);
        Assert.Equal(await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(size, 77)), await DfsTestFiles.GetSha256Async(admin, "/two-gib.bin"));
        var peak = PeakResidentBytes(silo.ProcessId);
        // Streaming keeps a few small windows per transfer: the silo's peak grows by far less than one 64 MiB chunk per GiB sent.
        Assert.True(peak - before < 384L * 1024 * 1024, $"the silo's peak memory grew by {(peak - before) / 1048576} MiB ({before / 1048576} -> {peak / 1048576} MiB)");
    }

    /// <summary>Streams a file, runs <paramref name="meanwhile"/> after the first MiB arrived, then reads the rest; returns the SHA-256 read.</summary>
    private static async Task<string> ReadWhileAsync(HttpClient client, string path, Func<Task> meanwhile)
    {
        using var response = await client.GetAsync("/api/dfs/files" + path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long read = 0;
        var done = false;
        while (true)
        {
            if (!done && read >= ChunkSize)
            {
                await meanwhile();
                done = true;
            }
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
                break;
            sha.AppendData(buffer, 0, n);
            read += n;
        }
        Assert.True(done, "the change happened while the reader was streaming");
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>VmHWM of a process: the most resident memory it ever had.</summary>
    private static long PeakResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
