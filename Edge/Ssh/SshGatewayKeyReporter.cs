using EddCloud.Grains.Ssh;

namespace EddCloud.Edge.Ssh;

/// <summary>
/// Tells the cloud this gateway's host key every minute (sooner while the cluster cannot be reached), so the dashboard
/// can show users the key their ssh will meet on first connecting.
/// </summary>
public sealed partial class SshGatewayKeyReporter(IClusterClient cluster, SshGatewayHostKey hostKey, ILogger<SshGatewayKeyReporter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            try
            {
                await cluster.GetGrain<ISshGatewayKeysGrain>(0).ReportAsync(hostKey.Key.PublicKeyLine).WaitAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReportFailed(logger, exception.Message);
                wait = RetryAfter;
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 9265, Level = LogLevel.Debug, Message = "Could not report the gateway's host key yet: {Reason}")]
    private static partial void LogReportFailed(ILogger logger, string reason);
}
