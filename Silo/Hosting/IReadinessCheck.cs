namespace EddCloud.Silo.Hosting;

/// <summary>A part of the silo that must be ready before /readyz answers 200; capabilities register their own.</summary>
public interface IReadinessCheck
{
    /// <summary>Null when ready, else what is not ready yet (shown in /readyz).</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
