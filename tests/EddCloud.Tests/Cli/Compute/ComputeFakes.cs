using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EddCloud.Tests.Cli.Storage;

namespace EddCloud.Tests.Cli.Compute;

/// <summary>
/// The compute side of the fake server (docs/api.md, "Compute"): containers "web" and "db" over two list pages,
/// the caller's SSH keys, JSON builders and event-stream answers (closed, or open until the request is cancelled).
/// </summary>
public static class ComputeFakes
{
    public const string WebId = "c0ffee00-0000-4000-8000-000000000001";
    public const string DbId = "c0ffee00-0000-4000-8000-000000000002";
    public const string LaptopKeyId = "0b7c1d2e-0000-4000-8000-0000000000a1";
    public const string WorkKeyId = "0b7c1d2e-0000-4000-8000-0000000000a2";
    public const string LaptopFingerprint = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    public const string WorkFingerprint = "SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg";
    public const string HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    public const string SshCommand = "ssh -p 2222 web@n1.apps.example.com";

    /// <summary>One day after the containers were created (2026-01-02T03:04:05Z), so their age is "1d".</summary>
    public static readonly DateTimeOffset Now = new(2026, 1, 3, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A container as the server describes it; <paramref name="change"/> edits the defaults.</summary>
    public static string Container(string id, string name, string status = "running", Action<JsonObject>? change = null)
    {
        var c = JsonNode.Parse($$$"""
            {"id":"{{{id}}}","name":"{{{name}}}","ownerId":"u-alice","owner":"alice","image":"eddcloud/base:1","cpus":0.5,"memoryBytes":536870912,
             "pidsLimit":256,"env":{"GREETING":"hello world"},"command":["python3","-m","http.server","8080"],"ports":[8080],
             "restartPolicy":"on-failure","volume":true,"allowedKeys":["{{{LaptopKeyId}}}"],"desiredState":"running","status":"{{{status}}}","statusReason":null,
             "node":"n1","addresses":[{"port":8080,"hostPort":32768,"host":"127.0.0.1"}],"exitCode":null,"restartCount":0,
             "createdAt":"2026-01-02T03:04:05Z","startedAt":"2026-01-02T03:04:09Z","updatedAt":"2026-01-02T03:04:09Z",
             "ingress":[{"name":"{{{name}}}","port":8080,"pathPrefix":null,"url":"https://{{{name}}}.apps.example.com","containerId":"{{{id}}}"}],
             "ssh":{"command":"{{{SshCommand}}}","hostKeys":["{{{HostKey}}}"]}}
            """)!.AsObject();
        change?.Invoke(c);
        return c.ToJsonString();
    }

    public static string Key(string id, string name, string fingerprint) =>
        $$"""{"id":"{{id}}","name":"{{name}}","type":"ssh-ed25519","bits":256,"fingerprint":"{{fingerprint}}","publicKey":"ssh-ed25519 AAAA","createdAt":"2026-01-02T03:04:05Z"}""";

    /// <summary>"web" on the first page, "db" on the second; the caller's keys "laptop" and "work".</summary>
    public static StorageFakeServer WithContainers(this StorageFakeServer server) => server
        .On("GET", "/api/containers", r => StorageFakeServer.Json(HttpStatusCode.OK, r.QueryValue("after") switch
        {
            null => $$"""{"items":[{{Container(WebId, "web")}}],"next":"web"}""",
            "web" => $$"""{"items":[{{Container(DbId, "db", "exited", c => { c["exitCode"] = 1; c["ports"] = new JsonArray(); c["addresses"] = new JsonArray(); c["node"] = null; })}}],"next":null}""",
            var other => throw new InvalidOperationException($"unexpected cursor {other}"),
        }))
        .On("GET", "/api/me/ssh-keys", HttpStatusCode.OK,
            $$"""{"items":[{{Key(LaptopKeyId, "laptop", LaptopFingerprint)}},{{Key(WorkKeyId, "work", WorkFingerprint)}}]}""");

    /// <summary>Every request but the look-ups name resolution adds (container list, SSH keys).</summary>
    public static IEnumerable<StorageRequest> Calls(this StorageFakeServer server) => server.Requests.Where(r =>
        !(r.Method == HttpMethod.Get && r.Path is "/api/containers" or "/api/me/ssh-keys"));

    /// <summary>An event stream of <paramref name="events"/> (type, JSON data) that then ends.</summary>
    public static HttpResponseMessage Events(params (string Type, string Data)[] events) =>
        new(HttpStatusCode.OK) { Content = new StringContent(Sse(events), Encoding.UTF8, "text/event-stream") };

    /// <summary>An event stream that sends <paramref name="events"/>, then stays open (signalling <paramref name="drained"/>) until the client cancels.</summary>
    public static HttpResponseMessage OpenEvents(TaskCompletionSource drained, params (string Type, string Data)[] events)
    {
        var content = new StreamContent(new OpenStream(Encoding.UTF8.GetBytes(Sse(events)), drained));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    // A keep-alive comment first, as servers send them; the client must skip it.
    private static string Sse(IEnumerable<(string Type, string Data)> events) =>
        ": keep-alive\n\n" + string.Concat(events.Select(e => $"event: {e.Type}\ndata: {e.Data}\n\n"));

    /// <summary>Its bytes, then a read that waits for cancellation: a stream the server never closes.</summary>
    private sealed class OpenStream(byte[] first, TaskCompletionSource drained) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < first.Length)
            {
                var count = Math.Min(buffer.Length, first.Length - _position);
                first.AsMemory(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            // Everything sent was read, so every event before it was handled: the test may press Ctrl+C now.
            drained.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A clock stopped at <see cref="ComputeFakes.Now"/> for dates; timers and elapsed time stay real, so waits still wait.</summary>
public sealed class StoppedClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => ComputeFakes.Now;
}
