using System.Net.Http.Json;
using EddCloud.Tests.SingleNode;

namespace EddCloud.Tests.Dfs;

/// <summary>Settings that make the file system's background work observable within a test, and fsck through the API.</summary>
public static class DfsMaintenance
{
    /// <summary>Nodes time out after 10 s, maintenance runs every 2 s, garbage waits 3 s, an abandoned upload's lease lapses after 8 s.</summary>
    public static Dictionary<string, string> FastSettings(int chunkSize) => new()
    {
        ["EDD_DFS__CHUNK_SIZE"] = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["EDD_DFS__RESERVE_BYTES"] = "0",
        ["EDD_DFS__STEP_TIMEOUT"] = "00:00:05",
        ["EDD_DFS__NODE_TIMEOUT"] = "00:00:10",
        ["EDD_DFS__MAINTENANCE_INTERVAL"] = "00:00:02",
        ["EDD_DFS__GC_GRACE_PERIOD"] = "00:00:03",
        ["EDD_DFS__UPLOAD_LEASE"] = "00:00:08",
        ["EDD_DFS__WRITE_DEADLINE"] = "00:00:10",
        ["EDD_DFS__SCRUB_BYTES_PER_SECOND"] = "0",
    };

    /// <summary>
    /// Starts a cluster of real silo processes on a fresh PostgreSQL database and the shared NATS, the first alone
    /// (it creates the schema and the admin), the rest together; returns once every node reports alive.
    /// </summary>
    public static async Task<List<SiloProcess>> StartClusterAsync(Hosting.PostgresFixture postgres, Events.NatsServerFixture nats, int count,
        Dictionary<string, string> settings, string clusterPrefix)
    {
        settings["EDD_CLUSTER__MODE"] = "cluster";
        settings["EDD_CLUSTER__POSTGRES"] = await postgres.CreateDatabaseAsync();
        settings["EDD_CLUSTER__CLUSTER_ID"] = clusterPrefix + "-" + Guid.NewGuid().ToString("N")[..8];
        settings["EDD_CLUSTER__ADVERTISED_ADDRESS"] = "127.0.0.1";
        settings["EDD_NATS__URL"] = nats.Url;
        List<SiloProcess> nodes = [await SiloProcess.StartAsync(settings)];
        nodes.AddRange(await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => SiloProcess.StartAsync(settings))));
        using var admin = await nodes[0].SignInAsAdminAsync();
        await Users.ApiAssert.EventuallyAsync(async () => (await StatusAsync(admin)).Nodes.Count(n => n.Alive) == count,
            TimeSpan.FromSeconds(60), $"all {count} nodes reporting alive");
        return nodes;
    }

    public static async Task<FsckBody> FsckAsync(HttpClient admin, bool verify = true)
    {
        var response = await admin.PostAsync($"/api/dfs/fsck?verify={(verify ? "true" : "false")}", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FsckBody>())!;
    }

    /// <summary>Runs fsck every second until <paramref name="done"/> holds; fails with the last report when it never does.</summary>
    public static async Task<FsckBody> WaitForFsckAsync(HttpClient admin, bool verify, Func<FsckBody, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        FsckBody? last = null;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            last = await FsckAsync(admin, verify);
            if (done(last))
                return last;
        }
        Assert.Fail($"{what} did not happen within {within.TotalSeconds} s; last fsck: {(last is null ? "none" : Describe(last))}");
        return last!;
    }

    public static async Task<StatusBody> StatusAsync(HttpClient admin) => (await admin.GetFromJsonAsync<StatusBody>("/api/dfs/status"))!;

    /// <summary>A signed-in client without the 30 s timeout, for transfers of a GiB or more.</summary>
    public static async Task<HttpClient> LongTransferClientAsync(SiloProcess node)
    {
        using var signedIn = await node.SignInAsAdminAsync();
        var client = node.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(10);
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>Every committed replica file on a node's chunk directory, by chunk id.</summary>
    public static List<string> CommittedReplicaFiles(SiloProcess node)
    {
        var chunks = Path.Combine(node.DataDirectory, "chunks", "chunks");
        return Directory.Exists(chunks) ? [.. Directory.GetFiles(chunks, "*.chunk", SearchOption.AllDirectories)] : [];
    }

    public static List<string> StagingFiles(SiloProcess node)
    {
        var staging = Path.Combine(node.DataDirectory, "chunks", "staging");
        return Directory.Exists(staging) ? [.. Directory.GetFiles(staging)] : [];
    }

    public static string Describe(FsckBody fsck) =>
        $"{fsck.Files} files, {fsck.Chunks} chunks, {fsck.Errors} errors, {fsck.Warnings} warnings, {fsck.UnreferencedReplicas} unreferenced: "
        + string.Join("; ", fsck.Problems.Take(10).Select(p => $"{p.Severity} {p.Kind} {p.Path} {p.Node} {p.Detail}"));

    public sealed record FsckBody(long Files, long Chunks, long ReplicasVerified, long BytesVerified, long UnreferencedReplicas, int Errors, int Warnings,
        List<ProblemBody> Problems, bool Truncated, bool Healthy);

    public sealed record ProblemBody(string Severity, string Kind, string Detail, string? Path, Guid? ChunkId, string? Node, string? Disk);

    public sealed record StatusBody(List<NodeBody> Nodes, TotalsBody Totals, RepairBody Repair);

    public sealed record NodeBody(string Name, bool Alive, TotalsBody Totals);

    public sealed record TotalsBody(long BytesIn, long BytesOut, long GcReclaimedBytes, long GcReclaimedReplicas, long ScrubbedBytes, long CorruptReplicasFound, long RepairBytesCopied);

    public sealed record RepairBody(int UnderReplicated, int Repairable, int Queued, int InProgress, long Completed, long Failed, long BytesCopied, int Lost);
}
