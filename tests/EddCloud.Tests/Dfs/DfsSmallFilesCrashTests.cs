using System.Net;
using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;
using EddCloud.Tests.Users;

namespace EddCloud.Tests.Dfs;

/// <summary>
/// Many small files created at once on the real single-node cloud (their grain writes group-committed, their
/// directory fsyncs shared), then a SIGKILL: every file that was acknowledged reads back whole and is listed.
/// </summary>
[IntegrationTest]
public sealed class DfsSmallFilesCrashTests
{
    [Fact]
    public async Task ConcurrentSmallCreates_KillNine_EveryAcknowledgedFileReadsBackAndIsListed()
    {
        const int files = 160;
        const int folders = 4;
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["EDD_DFS__RESERVE_BYTES"] = "0" });
        using var admin = await silo.SignInAsAdminAsync();
        string PathOf(int i) => $"/small/d{i % folders}/f{i:D3}.bin";

        // 1. Create them 32 at a time; each 201 is an acknowledgement.
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, files).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var put = await DfsTestFiles.PutAsync(admin, PathOf(i), DfsTestFiles.Generate(4096, seed: i), 4096);
                await ApiAssert.StatusAsync(put, HttpStatusCode.Created, $"step 1: create {PathOf(i)}");
            }
            finally
            {
                gate.Release();
            }
        }));

        // 2. Crash right after the last answer.
        await silo.KillAsync();
        await silo.StartAsync();

        // 3. Every file, byte for byte, and every listing.
        using var again = await silo.SignInAsAdminAsync();
        for (var i = 0; i < files; i++)
        {
            var expected = await DfsTestFiles.Sha256Async(DfsTestFiles.Generate(4096, seed: i));
            Assert.True(expected == await DfsTestFiles.GetSha256Async(again, PathOf(i)), $"step 3: {PathOf(i)} differs after kill -9");
        }

        for (var folder = 0; folder < folders; folder++)
        {
            var listing = await again.GetFromJsonAsync<FolderBody>($"/api/dfs/folders?path=/small/d{folder}&limit=1000");
            var expected = Enumerable.Range(0, files).Where(i => i % folders == folder).Select(i => $"f{i:D3}.bin").ToList();
            Assert.Equal(expected, listing!.Items.Select(e => e.Name).ToList());
        }
    }

    private sealed record FolderBody(string Path, List<EntryBody> Items, string? Next);

    private sealed record EntryBody(string Name, bool IsFolder);
}
