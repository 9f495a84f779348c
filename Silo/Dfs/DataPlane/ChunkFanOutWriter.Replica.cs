using System.IO.Pipelines;

namespace EddCloud.Silo.Dfs.DataPlane;

public sealed partial class ChunkFanOutWriter
{
    /// <summary>The answer of one stage request: what the replica staged, or why it did not.</summary>
    private readonly record struct StageAnswer(DataPlaneEndpoints.StageResponse? Staged, string? Error);

    /// <summary>One replica's request: the pipe feeding its body, and its answer (a task that never faults).</summary>
    private sealed class Replica : IDisposable
    {
        private readonly CancellationTokenSource _cancel;
        private string? _failure;

        private Replica(ReplicaTarget target, Pipe pipe, CancellationTokenSource cancel)
        {
            Target = target;
            Pipe = pipe;
            _cancel = cancel;
        }

        public ReplicaTarget Target { get; }

        public Pipe Pipe { get; }

        public Task<StageAnswer> Answer { get; private set; } = null!;

        public bool Live => _failure is null;

        public static Replica Start(DataPlaneClient client, ReplicaTarget target, CancellationToken ct)
        {
            var pipe = new Pipe(new PipeOptions(
                pauseWriterThreshold: PauseWriterThreshold,
                resumeWriterThreshold: PauseWriterThreshold / 2,
                minimumSegmentSize: SegmentSize,
                useSynchronizationContext: false));
            var replica = new Replica(target, pipe, CancellationTokenSource.CreateLinkedTokenSource(ct));
            replica.Answer = replica.RunAsync(client);
            return replica;
        }

        private async Task<StageAnswer> RunAsync(DataPlaneClient client)
        {
            await Task.Yield();
            try
            {
                var staged = await client.StageAsync(Target, new PipeReaderContent(Pipe.Reader), _cancel.Token);
                return new StageAnswer(staged, null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return new StageAnswer(null, e is OperationCanceledException ? "the request was cancelled" : e.Message);
            }
            finally
            {
                // A writer waiting for room learns at once that nobody will read any more.
                Pipe.Writer.CancelPendingFlush();
            }
        }

        /// <summary>Why it was dropped, with the request's own error when that is known.</summary>
        public string FailureReason()
        {
            var reason = _failure ?? "not failed";
            return Answer.IsCompletedSuccessfully && Answer.Result.Error is { } error && !reason.Contains(error, StringComparison.Ordinal)
                ? $"{reason} ({error})"
                : reason;
        }

        public void Fail(string reason)
        {
            _failure ??= reason;
            Cancel();
        }

        public void Cancel()
        {
            Pipe.Writer.CancelPendingFlush();
            _cancel.Cancel();
        }

        public void Dispose() => _cancel.Dispose();
    }
}
