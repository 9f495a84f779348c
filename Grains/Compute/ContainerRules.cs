using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using EddCloud.Grains.Errors;

namespace EddCloud.Grains.Compute;

/// <summary>
/// What a container request may hold (docs/api.md, "Compute"). Every rule gives a message that says what to do;
/// a request that breaks one is refused before anything is created.
/// </summary>
public static partial class ContainerRules
{
    public const int MaxEnvironmentVariables = 128;
    public const int MaxEnvironmentValueLength = 32 * 1024;
    public const int MaxCommandArguments = 256;
    public const int MaxArgumentLength = 4096;
    public const int MaxPorts = 32;
    public const int MaxAllowedKeys = 50;
    public const int MaxIngressRules = 16;
    public const int MaxPathPrefixLength = 200;

    /// <summary>Names no ingress rule may take: they are (or may become) the cloud's own hosts.</summary>
    public static readonly ImmutableHashSet<string> ReservedNames =
        ["www", "api", "admin", "dashboard", "edge", "ssh", "mail", "ns", "localhost", "eddcloud"];

    /// <summary>A DNS label: 1-63 lowercase letters, digits and '-', not starting or ending with '-'.</summary>
    public static string ValidateName(string? name, string field = "name")
    {
        var value = name?.Trim() ?? "";
        if (value.Length == 0)
            throw EddException.Validation(field, "Give a name: 1-63 lowercase letters, digits and '-', e.g. 'web-1'.");
        if (value.Length > 63 || !DnsLabel().IsMatch(value))
            throw EddException.Validation(field, $"'{Shorten(value)}' is not a valid name: use 1-63 lowercase letters, digits and '-', not starting or ending with '-' (it becomes part of a host name).");
        return value;
    }

    public static string ValidateIngressName(string? name)
    {
        var value = ValidateName(name, "ingress");
        if (ReservedNames.Contains(value))
            throw EddException.Validation("ingress", $"'{value}' is reserved for the cloud itself; pick another ingress name.");
        return value;
    }

    /// <summary>Whether an incoming host's first label can be an ingress name (checked before any grain is asked).</summary>
    public static bool IsIngressName(string? name) => name is not null && DnsLabel().IsMatch(name) && !ReservedNames.Contains(name);

    /// <summary>Null or a path prefix like "/app" (no trailing '/', no '.' or '..' segments, URL-safe characters).</summary>
    public static string? ValidatePathPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix == "/")
            return null;
        var value = prefix.TrimEnd('/');
        if (value.Length > MaxPathPrefixLength || !PathPrefix().IsMatch(value)
            || value.Split('/').Skip(1).Any(segment => segment.Length == 0 || segment is "." or ".."))
            throw EddException.Validation("pathPrefix", $"Path prefix '{Shorten(prefix)}' must start with '/', hold letters, digits and -._~ in non-empty segments (no '.' or '..'), and be at most {MaxPathPrefixLength} characters, e.g. /app.");
        return value;
    }

    public static int ValidatePort(int port, string field = "ports")
    {
        if (port is < 1 or > 65535)
            throw EddException.Validation(field, $"Port {port} is not a TCP port: use 1-65535.");
        return port;
    }

    /// <summary>Resolves defaults and checks every field against the bounds and the admin's per-container maximums.</summary>
    public static ContainerSettings Settings(
        string? image, decimal? cpus, long? memoryBytes, long? pidsLimit,
        IReadOnlyDictionary<string, string?>? environment, IReadOnlyList<string?>? command, IReadOnlyList<int>? ports,
        RestartPolicy? restartPolicy, bool? volume, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var resolvedImage = string.IsNullOrWhiteSpace(image) ? options.BaseImage : image.Trim();
        if (resolvedImage.Length > 255 || !ImageName().IsMatch(resolvedImage))
            throw EddException.Validation("image", $"'{Shorten(resolvedImage)}' is not an image name (e.g. eddcloud/base:latest); leave it empty for the base image.");

        var resolvedCpus = cpus ?? Math.Min(options.DefaultCpus, options.MaxCpusPerContainer);
        if (resolvedCpus <= 0m || resolvedCpus > options.MaxCpusPerContainer || decimal.Round(resolvedCpus, 3) != resolvedCpus)
            throw EddException.Validation("cpus", $"CPU {resolvedCpus.ToString(CultureInfo.InvariantCulture)} must be more than 0 and at most {options.MaxCpusPerContainer.ToString(CultureInfo.InvariantCulture)} cores (the admin's maximum per container), in steps of 0.001, e.g. 0.5.");

        var resolvedMemory = memoryBytes ?? Math.Min(options.DefaultMemoryBytes, options.MaxMemoryBytesPerContainer);
        if (resolvedMemory < ContainerLimits.MinMemoryBytes || resolvedMemory > options.MaxMemoryBytesPerContainer)
            throw EddException.Validation("memoryBytes", $"Memory {resolvedMemory} bytes must be between {ContainerLimits.MinMemoryBytes} (6 MiB) and {options.MaxMemoryBytesPerContainer} bytes (the admin's maximum per container).");

        var resolvedPids = pidsLimit ?? Math.Min(options.DefaultPidsLimit, options.MaxPidsPerContainer);
        if (resolvedPids < ContainerLimits.MinPids || resolvedPids > options.MaxPidsPerContainer)
            throw EddException.Validation("pidsLimit", $"Pids limit {resolvedPids} must be between {ContainerLimits.MinPids} and {options.MaxPidsPerContainer} (the admin's maximum per container).");

        var env = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (name is null || name.Length > 256 || !EnvironmentName().IsMatch(name))
                throw EddException.Validation("env", $"Environment variable name '{Shorten(name ?? "")}' must be letters, digits and '_', not starting with a digit (at most 256 characters), e.g. APP_MODE.");
            if (value is null || value.Length > MaxEnvironmentValueLength || value.Contains('\0', StringComparison.Ordinal))
                throw EddException.Validation("env", $"The value of {name} must be text of at most {MaxEnvironmentValueLength} characters without NUL characters.");
            env[name] = value;
        }

        if (env.Count > MaxEnvironmentVariables)
            throw EddException.Validation("env", $"A container may have at most {MaxEnvironmentVariables} environment variables.");

        var arguments = (command ?? []).ToList();
        if (arguments.Count > MaxCommandArguments)
            throw EddException.Validation("command", $"A command may have at most {MaxCommandArguments} arguments.");
        if (arguments.Any(argument => argument is null || argument.Length > MaxArgumentLength || argument.Contains('\0', StringComparison.Ordinal)))
            throw EddException.Validation("command", $"Each command argument must be text of at most {MaxArgumentLength} characters without NUL characters.");
        if (arguments.Count > 0 && string.IsNullOrWhiteSpace(arguments[0]))
            throw EddException.Validation("command", "The command's first argument (the program) is empty.");

        var portList = (ports ?? []).ToList();
        if (portList.Count > MaxPorts)
            throw EddException.Validation("ports", $"A container may publish at most {MaxPorts} ports.");
        foreach (var port in portList)
            ValidatePort(port);
        if (portList.Distinct().Count() != portList.Count)
            throw EddException.Validation("ports", "Each port may be listed once.");

        var policy = restartPolicy ?? RestartPolicy.OnFailure;
        if (!Enum.IsDefined(policy))
            throw EddException.Validation("restartPolicy", "The restart policy is never, on-failure or always.");

        return new ContainerSettings(resolvedImage, resolvedCpus, resolvedMemory, resolvedPids, env.ToImmutable(),
            [.. arguments.Select(argument => argument!)], [.. portList.Order()], policy, volume ?? true);
    }

    /// <summary>Checks that every allowed key is one of the owner's own SSH keys.</summary>
    public static async Task RequireOwnKeysAsync(IGrainFactory grains, Guid ownerId, ImmutableArray<Guid> keys)
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (keys.IsEmpty)
            return;
        var owned = (await grains.GetGrain<Ssh.ISshKeysGrain>(ownerId).ListAsync()).Select(key => key.Id).ToHashSet();
        if (keys.FirstOrDefault(key => !owned.Contains(key)) is var missing && missing != Guid.Empty)
            throw EddException.Validation("allowedKeys", $"SSH key {missing} is not one of the owner's keys; see GET /api/me/ssh-keys (add keys on the Account page or with 'edd keys add').");
    }

    public static ImmutableArray<Guid> AllowedKeys(IReadOnlyList<Guid>? keys)
    {
        var list = (keys ?? []).Distinct().ToImmutableArray();
        if (list.Length > MaxAllowedKeys)
            throw EddException.Validation("allowedKeys", $"A container may allow at most {MaxAllowedKeys} keys.");
        return list;
    }

    /// <summary>Checks ingress requests on their own and against the container's published ports.</summary>
    public static ImmutableArray<IngressRequest> Ingress(IReadOnlyList<IngressRequest>? rules, ImmutableArray<int> ports)
    {
        var list = (rules ?? []).Select(rule => new IngressRequest(
            ValidateIngressName(rule.Name), ValidatePort(rule.Port, "ingress"), ValidatePathPrefix(rule.PathPrefix))).ToImmutableArray();
        if (list.Length > MaxIngressRules)
            throw EddException.Validation("ingress", $"A container may have at most {MaxIngressRules} ingress rules.");
        if (list.Select(rule => rule.Name).Distinct(StringComparer.Ordinal).Count() != list.Length)
            throw EddException.Validation("ingress", "Each ingress name may be used once.");
        if (list.FirstOrDefault(rule => !ports.Contains(rule.Port)) is { } unpublished)
            throw EddException.Validation("ingress", $"Ingress '{unpublished.Name}' points at port {unpublished.Port}, which the container does not publish; add it to ports.");
        return list;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "...";

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"^[a-z0-9][A-Za-z0-9._/:@+-]*$")]
    private static partial Regex ImageName();

    [GeneratedRegex(@"^(/[A-Za-z0-9._~-]+)+$")]
    private static partial Regex PathPrefix();
}
