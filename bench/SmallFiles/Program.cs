using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;

// Three measurements for scripts/bench-dfs-small.sh, each printing one "key=value" line:
//   fsync  <dir> <seconds> <threads>   4 KiB append + fsync per operation, one file per thread
//   sqlite <dir> <seconds> <threads>   one-row transactions, WAL + synchronous=FULL, one connection per thread
//   put    <baseUrl> <count> <concurrency> <bytes> <filesPerFolder>   PUT /api/dfs/files/..., token in EDD_BENCH_TOKEN
var invariant = CultureInfo.InvariantCulture;
return args switch
{
    ["fsync", var dir, var seconds, var threads] => Report("fsync_ops_per_s", await RunForAsync(int.Parse(threads, invariant), double.Parse(seconds, invariant), FsyncWorker(dir))),
    ["sqlite", var dir, var seconds, var threads] => Report("sqlite_commits_per_s", await RunForAsync(int.Parse(threads, invariant), double.Parse(seconds, invariant), SqliteWorker(dir))),
    ["put", var url, var count, var concurrency, var bytes, var perFolder] =>
        await PutAsync(new Uri(url), int.Parse(count, invariant), int.Parse(concurrency, invariant), int.Parse(bytes, invariant), int.Parse(perFolder, invariant)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: edd-bench-small fsync|sqlite <dir> <seconds> <threads> | put <baseUrl> <count> <concurrency> <bytes> <filesPerFolder>");
    return 2;
}

static int Report(string key, double value)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}={value:F0}"));
    return 0;
}

// Runs one worker per thread until the time is up; returns operations per second over all threads.
static async Task<double> RunForAsync(int threads, double seconds, Func<int, Func<bool>, long> worker)
{
    var clock = Stopwatch.StartNew();
    bool Running() => clock.Elapsed.TotalSeconds < seconds;
    var counts = await Task.WhenAll(Enumerable.Range(0, threads).Select(i => Task.Factory.StartNew(() => worker(i, Running), TaskCreationOptions.LongRunning)));
    return counts.Sum() / clock.Elapsed.TotalSeconds;
}

static Func<int, Func<bool>, long> FsyncWorker(string dir) => (index, running) =>
{
    var path = Path.Combine(dir, $"fsync-{index}.bin");
    var block = new byte[4096];
    Random.Shared.NextBytes(block);
    using var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
    long done = 0;
    for (; running(); done++)
    {
        RandomAccess.Write(file, block, done * block.Length);
        RandomAccess.FlushToDisk(file);
    }
    return done;
};

static Func<int, Func<bool>, long> SqliteWorker(string dir) => (index, running) =>
{
    using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "commits.db")};Pooling=False;Default Timeout=30");
    connection.Open();
    using (var setup = connection.CreateCommand())
    {
        setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);";
        setup.ExecuteNonQuery();
    }
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO t (payload) VALUES ($payload)";
    insert.Parameters.AddWithValue("$payload", new byte[300]);
    long done = 0;
    for (; running(); done++)
        insert.ExecuteNonQuery(); // autocommit: one transaction, one WAL fsync each
    return done;
};

static async Task<int> PutAsync(Uri baseUrl, int count, int concurrency, int bytes, int filesPerFolder)
{
    var token = Environment.GetEnvironmentVariable("EDD_BENCH_TOKEN") ?? throw new InvalidOperationException("Set EDD_BENCH_TOKEN to a bearer token.");
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromMinutes(2),
    };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var content = new byte[bytes];
    Random.Shared.NextBytes(content);
    var run = Guid.NewGuid().ToString("N")[..8];
    var folders = Math.Max(1, (count + filesPerFolder - 1) / filesPerFolder);
    var latencies = new double[count];
    var failures = 0;
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
        {
            var started = Stopwatch.GetTimestamp();
            using var body = new ByteArrayContent(content);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // Consecutive files go to different folders, so the writers in flight do not all queue on one folder.
            using var response = await http.PutAsync($"/api/dfs/files/bench-{run}/d{i % folders:D4}/f{i:D6}.bin", body);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode && Interlocked.Increment(ref failures) <= 3)
                Console.Error.WriteLine($"PUT {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }));
    var seconds = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"creates_per_s={count / seconds:F0} seconds={seconds:F2} failed={failures} p50_ms={latencies[count / 2]:F1} p99_ms={latencies[Math.Min(count - 1, count * 99 / 100)]:F1}"));
    return failures == 0 ? 0 : 1;
}
