using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using EddCloud.Grains.Compute;
using EddCloud.Grains.Errors;
using EddCloud.Silo.Hosting.Http;
using EddCloud.Silo.Users.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute;

public static partial class ComputeEndpoints
{
    private const int DefaultTail = 200;
    private const int MaxTail = 5000;
    private static readonly TimeSpan StatsPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StatusPoll = TimeSpan.FromSeconds(1);

    private static void MapStreams(RouteGroupBuilder containers)
    {
        containers.MapGet("/{id:guid}/logs", LogsAsync).WithName("ContainerLogs")
            .WithSummary("The last lines (tail), or with follow=true a text/event-stream of them and every new line.");
        containers.MapGet("/{id:guid}/logs/ws", LogsWebSocketAsync).WithName("ContainerLogsWebSocket").WithSummary("Followed logs as a WebSocket of JSON text messages.");
        containers.MapGet("/{id:guid}/stats", StatsAsync).WithName("ContainerStats");
        containers.MapGet("/{id:guid}/stats/stream", StatsEventsAsync).WithName("ContainerStatsStream").WithSummary("A text/event-stream of stats every 2 s.");
        containers.MapGet("/{id:guid}/stats/ws", StatsWebSocketAsync).WithName("ContainerStatsWebSocket").WithSummary("The same as a WebSocket of JSON text messages.");
    }

    private static int Tail(int? tail) => tail is null ? DefaultTail
        : tail is < 0 or > MaxTail ? throw EddException.Validation("tail", $"tail must be between 0 and {MaxTail}.") : tail.Value;

    private static async Task<IResult> LogsAsync(HttpContext context, Guid id, int? tail, bool? follow, IGrainFactory grains, CancellationToken ct)
    {
        var info = await DemandAsync(CallerOf(context), grains, id, changes: false);
        var lines = Tail(tail);
        if (follow != true)
        {
            var items = new List<LogLine>();
            if (info.Node is { } node)
            {
                await foreach (var line in grains.GetGrain<INodeAgentGrain>(node).LogsAsync(id, lines, follow: false, ct).WithCancellation(ct))
                    items.Add(line);
            }

            return TypedResults.Ok(new LogLines(items));
        }

        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(FollowLogsAsync(grains, id, lines, ct).Select(line => new SseItem<LogLine>(line, "log")));
    }

    private static async Task LogsWebSocketAsync(HttpContext context, Guid id, int? tail, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken ct)
    {
        WebSocketStreams.RequireUpgrade(context, $"/api/containers/{id}/logs?follow=true");
        await DemandAsync(CallerOf(context), grains, id, changes: false);
        await WebSocketStreams.SendAsync(context, FollowLogsAsync(grains, id, Tail(tail), ct), json.Value.SerializerOptions, "logs ended", ct);
    }

    /// <summary>
    /// The last lines and every new one; when the container stops, waits for its next start and follows that run too,
    /// until the container is deleted or the caller leaves.
    /// </summary>
    private static async IAsyncEnumerable<LogLine> FollowLogsAsync(IGrainFactory grains, Guid id, int tail, [EnumeratorCancellation] CancellationToken ct)
    {
        var container = grains.GetGrain<IContainerGrain>(id);
        DateTimeOffset? followed = null;
        while (!ct.IsCancellationRequested)
        {
            var info = await container.GetAsync();
            if (info is null)
                yield break;
            if (info.Status != ContainerStatus.Running || info.Node is null || info.StartedAt == followed)
            {
                await Task.Delay(StatusPoll, ct);
                continue;
            }

            followed = info.StartedAt;
            await foreach (var line in grains.GetGrain<INodeAgentGrain>(info.Node).LogsAsync(id, tail, follow: true, ct).WithCancellation(ct))
                yield return line;
            // Later runs: only their new lines.
            tail = 0;
        }
    }

    private static async Task<Ok<ContainerStats>> StatsAsync(HttpContext context, Guid id, IGrainFactory grains, CancellationToken ct)
    {
        var info = await DemandAsync(CallerOf(context), grains, id, changes: false);
        if (info.Node is not { } node)
            return TypedResults.Ok(ContainerStats.From(null, UsageSample.NotRunning(DateTimeOffset.UtcNow), info));
        var agent = grains.GetGrain<INodeAgentGrain>(node);
        var first = await agent.SampleAsync(id);
        await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        return TypedResults.Ok(ContainerStats.From(first, await agent.SampleAsync(id), info));
    }

    private static async Task<IResult> StatsEventsAsync(HttpContext context, Guid id, IGrainFactory grains, CancellationToken ct)
    {
        await DemandAsync(CallerOf(context), grains, id, changes: false);
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(FollowStatsAsync(grains, id, ct).Select(stats => new SseItem<ContainerStats>(stats, "stats")));
    }

    private static async Task StatsWebSocketAsync(HttpContext context, Guid id, IGrainFactory grains, IOptions<JsonOptions> json, CancellationToken ct)
    {
        WebSocketStreams.RequireUpgrade(context, $"/api/containers/{id}/stats/stream");
        await DemandAsync(CallerOf(context), grains, id, changes: false);
        await WebSocketStreams.SendAsync(context, FollowStatsAsync(grains, id, ct), json.Value.SerializerOptions, "container deleted", ct);
    }

    /// <summary>A sample every 2 s (CPU measured between consecutive samples) until the container is deleted or the caller leaves.</summary>
    private static async IAsyncEnumerable<ContainerStats> FollowStatsAsync(IGrainFactory grains, Guid id, [EnumeratorCancellation] CancellationToken ct)
    {
        var container = grains.GetGrain<IContainerGrain>(id);
        UsageSample? previous = null;
        using var timer = new PeriodicTimer(StatsPeriod);
        do
        {
            var info = await container.GetAsync();
            if (info is null)
                yield break;
            UsageSample current;
            try
            {
                current = info.Node is { } node
                    ? await grains.GetGrain<INodeAgentGrain>(node).SampleAsync(id)
                    : UsageSample.NotRunning(DateTimeOffset.UtcNow);
            }
            catch (EddException)
            {
                // The node or the engine is away for now: report the container as not running.
                current = UsageSample.NotRunning(DateTimeOffset.UtcNow);
            }

            yield return ContainerStats.From(previous, current, info);
            previous = current;
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}
