using EddCloud.Grains.Compute;
using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Compute;

/// <summary>Checks <see cref="ComputeOptions"/> at start-up; every message names the key, its environment variable and the fix.</summary>
internal sealed class ComputeOptionsValidator : IValidateOptions<ComputeOptions>
{
    /// <summary>Longest path a unix socket address can hold (sun_path is 108 bytes with its terminator).</summary>
    internal const int MaxSocketPathLength = 107;

    public ValidateOptionsResult Validate(string? name, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (!string.IsNullOrWhiteSpace(options.EngineSocket)
            && (!Path.IsPathFullyQualified(options.EngineSocket) || options.EngineSocket.Length > MaxSocketPathLength))
        {
            failures.Add($"Compute:EngineSocket (EDD_COMPUTE__ENGINE_SOCKET) '{options.EngineSocket}' is not an absolute unix socket path of at most {MaxSocketPathLength} characters. Use e.g. /run/podman/podman.sock, or leave it empty to use Docker's socket or start Podman.");
        }

        if (string.IsNullOrWhiteSpace(options.EngineSocket) && string.IsNullOrWhiteSpace(options.PodmanPath))
        {
            failures.Add("Compute:PodmanPath (EDD_COMPUTE__PODMAN_PATH) is empty. Set it to the podman executable (default 'podman'), or set Compute:EngineSocket (EDD_COMPUTE__ENGINE_SOCKET).");
        }

        if (string.IsNullOrWhiteSpace(options.BaseImage) || options.BaseImage.Any(char.IsWhiteSpace))
        {
            failures.Add($"Compute:BaseImage (EDD_COMPUTE__BASE_IMAGE) '{options.BaseImage}' is not an image name. Use e.g. eddcloud/base:latest (built by scripts/build-base-image.sh).");
        }

        if (options.DefaultCpus is <= 0m or > ContainerLimits.MaxCpus)
        {
            failures.Add($"Compute:DefaultCpus (EDD_COMPUTE__DEFAULT_CPUS) {options.DefaultCpus} must be more than 0 and at most {ContainerLimits.MaxCpus} cores, e.g. 1 or 0.5.");
        }

        if (options.DefaultMemoryBytes is < ContainerLimits.MinMemoryBytes or > ContainerLimits.MaxMemoryBytes)
        {
            failures.Add($"Compute:DefaultMemoryBytes (EDD_COMPUTE__DEFAULT_MEMORY_BYTES) {options.DefaultMemoryBytes} must be between {ContainerLimits.MinMemoryBytes} (6 MiB) and {ContainerLimits.MaxMemoryBytes} bytes, e.g. 536870912 (512 MiB).");
        }

        if (options.DefaultPidsLimit is < ContainerLimits.MinPids or > ContainerLimits.MaxPids)
        {
            failures.Add($"Compute:DefaultPidsLimit (EDD_COMPUTE__DEFAULT_PIDS_LIMIT) {options.DefaultPidsLimit} must be between {ContainerLimits.MinPids} and {ContainerLimits.MaxPids}, e.g. 512.");
        }

        if (options.StopTimeout <= TimeSpan.Zero || options.StopTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Compute:StopTimeout (EDD_COMPUTE__STOP_TIMEOUT) {options.StopTimeout} must be positive and at most 10 minutes, e.g. 00:00:10.");
        }

        if (options.MaxCpusPerContainer <= 0m || options.MaxCpusPerContainer > ContainerLimits.MaxCpus)
        {
            failures.Add($"Compute:MaxCpusPerContainer (EDD_COMPUTE__MAX_CPUS_PER_CONTAINER) {options.MaxCpusPerContainer} must be more than 0 and at most {ContainerLimits.MaxCpus} cores.");
        }

        if (options.MaxMemoryBytesPerContainer is < ContainerLimits.MinMemoryBytes or > ContainerLimits.MaxMemoryBytes)
        {
            failures.Add($"Compute:MaxMemoryBytesPerContainer (EDD_COMPUTE__MAX_MEMORY_BYTES_PER_CONTAINER) {options.MaxMemoryBytesPerContainer} must be between {ContainerLimits.MinMemoryBytes} and {ContainerLimits.MaxMemoryBytes} bytes.");
        }

        if (options.MaxPidsPerContainer is < ContainerLimits.MinPids or > ContainerLimits.MaxPids)
        {
            failures.Add($"Compute:MaxPidsPerContainer (EDD_COMPUTE__MAX_PIDS_PER_CONTAINER) {options.MaxPidsPerContainer} must be between {ContainerLimits.MinPids} and {ContainerLimits.MaxPids}.");
        }

        if (options.DefaultQuotaContainers < 0 || options.DefaultQuotaCpus < 0m || options.DefaultQuotaMemoryBytes < 0)
        {
            failures.Add("Compute:DefaultQuotaContainers, DefaultQuotaCpus and DefaultQuotaMemoryBytes (EDD_COMPUTE__DEFAULT_QUOTA_*) must not be negative.");
        }

        if (options.WatchInterval < TimeSpan.FromMilliseconds(200) || options.WatchInterval > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Compute:WatchInterval (EDD_COMPUTE__WATCH_INTERVAL) {options.WatchInterval} must be between 0.2 s and 5 minutes, e.g. 00:00:05.");
        }

        if (string.IsNullOrWhiteSpace(options.AppsDomain) || Uri.CheckHostName(options.AppsDomain) != UriHostNameType.Dns)
        {
            failures.Add($"Compute:AppsDomain (EDD_COMPUTE__APPS_DOMAIN) '{options.AppsDomain}' is not a DNS name; use e.g. apps.example.org.");
        }

        if (options.SshPort is < 1 or > 65535 || string.IsNullOrWhiteSpace(options.SshHost))
        {
            failures.Add("Compute:SshHost and Compute:SshPort (EDD_COMPUTE__SSH_HOST, EDD_COMPUTE__SSH_PORT) must name the SSH gateway, e.g. cloud.example.org and 2222.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
