using System.Globalization;
using EddCloud.Cli.Http;

namespace EddCloud.Cli.Compute;

/// <summary>The compute endpoints (containers, logs, stats, ingress rules, quotas; docs/api.md) over <see cref="EddApiClient"/>.</summary>
public sealed class ComputeApi(EddApiClient api)
{
    private const string Base = "api/containers";

    private static readonly ComputeJsonContext Json = ComputeJsonContext.Default;

    public EddApiClient Client => api;

    public Task<ApiResponse<ContainerPage>> ListAsync(string? ownerId, string? after, int? limit, CancellationToken ct) =>
        api.GetJsonAsync(QueryString.With(Base, ("owner", ownerId), ("after", after), ("limit", Number(limit))), Json.ContainerPage, ct);

    public Task<ApiResponse<Container>> CreateAsync(CreateContainerRequest spec, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, Base, spec, Json.CreateContainerRequest, Json.Container, ct);

    public Task<ApiResponse<Container>> GetAsync(string id, CancellationToken ct) => api.GetJsonAsync(ContainerUrl(id), Json.Container, ct);

    public Task<ApiResponse<Container>> UpdateAsync(string id, UpdateContainerRequest change, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Patch, ContainerUrl(id), change, Json.UpdateContainerRequest, Json.Container, ct);

    public Task<ApiResponse<Container>> StartAsync(string id, CancellationToken ct) => api.PostJsonAsync(ContainerUrl(id) + "/start", Json.Container, ct);

    /// <summary>Without <paramref name="timeoutSeconds"/> no body is sent: the server's default (10 s) applies.</summary>
    public Task<ApiResponse<Container>> StopAsync(string id, int? timeoutSeconds, CancellationToken ct) => timeoutSeconds is { } seconds
        ? api.SendJsonAsync(HttpMethod.Post, ContainerUrl(id) + "/stop", new StopContainerRequest(seconds), Json.StopContainerRequest, Json.Container, ct)
        : api.PostJsonAsync(ContainerUrl(id) + "/stop", Json.Container, ct);

    public Task<ApiResponse<Container>> RestartAsync(string id, CancellationToken ct) => api.PostJsonAsync(ContainerUrl(id) + "/restart", Json.Container, ct);

    public Task DeleteAsync(string id, CancellationToken ct) => api.DeleteAsync(ContainerUrl(id), ct);

    public Task<ApiResponse<ItemList<LogLine>>> LogsAsync(string id, int? tail, CancellationToken ct) =>
        api.GetJsonAsync(QueryString.With(ContainerUrl(id) + "/logs", ("tail", Number(tail))), Json.ItemListLogLine, ct);

    /// <summary>The last <paramref name="tail"/> lines, then new ones as they come, until the stream ends or <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<ApiResponse<LogLine>> FollowLogsAsync(string id, int? tail, CancellationToken ct) =>
        ServerEvents.ReadAsync(api, QueryString.With(ContainerUrl(id) + "/logs", ("tail", Number(tail)), ("follow", "true")), "log", Json.LogLine, ct);

    public Task<ApiResponse<ContainerStats>> StatsAsync(string id, CancellationToken ct) => api.GetJsonAsync(ContainerUrl(id) + "/stats", Json.ContainerStats, ct);

    /// <summary>A sample every 2 s until the stream ends or <paramref name="ct"/> is cancelled.</summary>
    public IAsyncEnumerable<ApiResponse<ContainerStats>> FollowStatsAsync(string id, CancellationToken ct) =>
        ServerEvents.ReadAsync(api, ContainerUrl(id) + "/stats/stream", "stats", Json.ContainerStats, ct);

    public Task<ApiResponse<ItemList<IngressRule>>> ListIngressAsync(string id, CancellationToken ct) =>
        api.GetJsonAsync(ContainerUrl(id) + "/ingress", Json.ItemListIngressRule, ct);

    public Task<ApiResponse<IngressRule>> AddIngressAsync(string id, IngressRequest rule, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Post, ContainerUrl(id) + "/ingress", rule, Json.IngressRequest, Json.IngressRule, ct);

    public Task DeleteIngressAsync(string id, string name, CancellationToken ct) =>
        api.DeleteAsync(ContainerUrl(id) + "/ingress/" + Uri.EscapeDataString(name), ct);

    public Task<ApiResponse<ComputeUsage>> MyComputeAsync(CancellationToken ct) => api.GetJsonAsync("api/me/compute", Json.ComputeUsage, ct);

    public Task<ApiResponse<ComputeUsage>> UserComputeAsync(string userId, CancellationToken ct) =>
        api.GetJsonAsync($"api/admin/users/{Uri.EscapeDataString(userId)}/compute", Json.ComputeUsage, ct);

    public Task<ApiResponse<ComputeUsage>> SetUserQuotaAsync(string userId, SetComputeQuotaRequest quota, CancellationToken ct) =>
        api.SendJsonAsync(HttpMethod.Put, $"api/admin/users/{Uri.EscapeDataString(userId)}/compute", quota, Json.SetComputeQuotaRequest, Json.ComputeUsage, ct);

    private static string ContainerUrl(string id) => Base + "/" + Uri.EscapeDataString(id);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
