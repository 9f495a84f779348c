namespace EddCloud.Silo.Users.Tokens;

/// <summary>Publishes this silo's signing key at start and rotates it when due, checked hourly.</summary>
public sealed class SigningKeyRotation(SigningKeyStore keys, TimeProvider time) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Ready to sign before the silo answers its first sign-in.
        await keys.RotateIfDueAsync();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await keys.RotateIfDueAsync();
    }
}
