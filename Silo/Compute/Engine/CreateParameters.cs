using EddCloud.Grains.Compute;
using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace EddCloud.Silo.Compute.Engine;

/// <summary>
/// Turns a <see cref="ContainerSpec"/> into the engine's create parameters, and is the one place that enforces
/// Compute's security rules: never privileged, never the host's network, PID, IPC or UTS namespaces, no devices,
/// no host (bind) mounts, every capability dropped except the few sshd needs.
/// </summary>
internal static partial class CreateParameters
{
    public const string ContainerLabel = "eddcloud.container";
    public const string OwnerLabel = "eddcloud.owner";
    public const string NodeLabel = "eddcloud.node";
    public const string DataPath = "/data";

    /// <summary>What sshd (privilege separation, logins, host keys) and ordinary services need; everything else is dropped.</summary>
    public static readonly IReadOnlyList<string> Capabilities =
        ["CHOWN", "SETUID", "SETGID", "SYS_CHROOT", "AUDIT_WRITE", "NET_BIND_SERVICE", "KILL", "DAC_OVERRIDE", "FOWNER"];

    private static readonly string[] HostModes = ["host"];

    public static string ContainerName(string id) => $"edd-{id}";

    public static string VolumeName(string id) => $"edd-{id}-data";

    /// <summary>Checks the spec (throws <see cref="ArgumentException"/> naming the field) and builds the parameters.</summary>
    public static CreateContainerParameters Build(ContainerSpec spec, ComputeOptions defaults)
    {
        Validate(spec);
        var cpus = spec.Cpus ?? defaults.DefaultCpus;
        var labels = Labels(spec);
        var ports = spec.Ports ?? [];
        var parameters = new CreateContainerParameters
        {
            Name = ContainerName(spec.Id),
            Image = spec.Image ?? defaults.BaseImage,
            Hostname = spec.Id,
            Env = (spec.Environment ?? new Dictionary<string, string>()).Select(pair => $"{pair.Key}={pair.Value}").ToList(),
            Cmd = spec.Command is { Count: > 0 } command ? command.ToList() : null,
            Labels = labels,
            ExposedPorts = ports.ToDictionary(port => PortKey(port), _ => new EmptyStruct()),
            HostConfig = new HostConfig
            {
                NanoCPUs = (long)(cpus * 1_000_000_000m),
                Memory = spec.MemoryBytes ?? defaults.DefaultMemoryBytes,
                // Memory plus swap equal to memory: no swap beyond the limit.
                MemorySwap = spec.MemoryBytes ?? defaults.DefaultMemoryBytes,
                PidsLimit = spec.PidsLimit ?? defaults.DefaultPidsLimit,
                Privileged = false,
                NetworkMode = "bridge",
                CapDrop = ["ALL"],
                CapAdd = Capabilities.ToList(),
                PortBindings = ports.ToDictionary(
                    port => PortKey(port),
                    _ => (IList<PortBinding>)[new PortBinding { HostIP = "127.0.0.1", HostPort = "" }]),
                Mounts = spec.Volume
                    ? [new Mount { Type = "volume", Source = VolumeName(spec.Id), Target = DataPath, ReadOnly = false }]
                    : [],
                RestartPolicy = new Docker.DotNet.Models.RestartPolicy { Name = RestartPolicyKind.No },
            },
        };
        Enforce(parameters);
        return parameters;
    }

    /// <summary>Refuses parameters that would give a container any of the host's power, whoever built them.</summary>
    public static void Enforce(CreateContainerParameters parameters)
    {
        var host = parameters.HostConfig ?? throw new InvalidOperationException("refused: a container needs explicit host configuration (limits, capabilities)");
        List<string> refused = [];
        if (host.Privileged)
        {
            refused.Add("privileged mode");
        }

        if (IsHostMode(host.NetworkMode) || (host.NetworkMode ?? "").StartsWith("container:", StringComparison.OrdinalIgnoreCase))
        {
            refused.Add($"network mode '{host.NetworkMode}'");
        }

        if (IsHostMode(host.PidMode) || IsHostMode(host.IpcMode) || IsHostMode(host.UTSMode) || IsHostMode(host.UsernsMode) || IsHostMode(host.CgroupnsMode))
        {
            refused.Add("a host namespace (PID, IPC, UTS, user or cgroup)");
        }

        if (host.Binds is { Count: > 0 } || host.VolumesFrom is { Count: > 0 })
        {
            refused.Add("host bind mounts or another container's volumes");
        }

        if (host.Mounts?.Any(mount => !string.Equals(mount.Type, "volume", StringComparison.Ordinal) || mount.Source is null || mount.Source.Contains('/', StringComparison.Ordinal)) == true)
        {
            refused.Add("a mount other than a named volume");
        }

        if (host.Devices is { Count: > 0 } || host.DeviceRequests is { Count: > 0 } || host.DeviceCgroupRules is { Count: > 0 })
        {
            refused.Add("host devices");
        }

        if (host.SecurityOpt?.Any(option => option.Contains("unconfined", StringComparison.OrdinalIgnoreCase)) == true)
        {
            refused.Add("unconfined security options");
        }

        if (host.CapDrop is null || !host.CapDrop.Contains("ALL") || host.CapAdd?.Any(capability => !Capabilities.Contains(capability)) == true)
        {
            refused.Add("capabilities beyond " + string.Join(", ", Capabilities));
        }

        if (host.PortBindings?.Values.SelectMany(bindings => bindings).Any(binding => binding.HostIP != "127.0.0.1") == true)
        {
            refused.Add("ports published beyond 127.0.0.1");
        }

        if (host.Memory <= 0 || host.NanoCPUs <= 0 || host.PidsLimit is null or <= 0)
        {
            refused.Add("a container without memory, CPU and pids limits");
        }

        if (refused.Count > 0)
        {
            throw new InvalidOperationException("refused: containers never get " + string.Join("; ", refused));
        }
    }

    public static Dictionary<string, string> Labels(ContainerSpec spec)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ContainerLabel] = spec.Id, [OwnerLabel] = spec.Owner };
        if (spec.Node is not null)
            labels[NodeLabel] = spec.Node;
        return labels;
    }

    public static string PortKey(int port) => port.ToString(CultureInfo.InvariantCulture) + "/tcp";

    private static bool IsHostMode(string? mode) => mode is not null && HostModes.Contains(mode.Trim(), StringComparer.OrdinalIgnoreCase);

    private static void Validate(ContainerSpec spec)
    {
        if (string.IsNullOrEmpty(spec.Id) || !IdPattern().IsMatch(spec.Id))
        {
            throw new ArgumentException($"Container id '{spec.Id}' must be 1-63 lowercase letters, digits and '-', starting with a letter or digit.", nameof(spec));
        }

        if (string.IsNullOrWhiteSpace(spec.Owner) || spec.Owner.Length > 200)
        {
            throw new ArgumentException("A container needs its owner's id (at most 200 characters).", nameof(spec));
        }

        if (spec.Image is { } image && (string.IsNullOrWhiteSpace(image) || image.Any(char.IsWhiteSpace) || image.Length > 255))
        {
            throw new ArgumentException($"Image '{image}' is not an image name.", nameof(spec));
        }

        if (spec.Cpus is { } cpus && (cpus <= 0m || cpus > ContainerLimits.MaxCpus))
        {
            throw new ArgumentException($"CPU {cpus} must be more than 0 and at most {ContainerLimits.MaxCpus} cores.", nameof(spec));
        }

        if (spec.MemoryBytes is { } memory && (memory < ContainerLimits.MinMemoryBytes || memory > ContainerLimits.MaxMemoryBytes))
        {
            throw new ArgumentException($"Memory {memory} bytes must be between {ContainerLimits.MinMemoryBytes} and {ContainerLimits.MaxMemoryBytes}.", nameof(spec));
        }

        if (spec.PidsLimit is { } pids && (pids < ContainerLimits.MinPids || pids > ContainerLimits.MaxPids))
        {
            throw new ArgumentException($"Pids limit {pids} must be between {ContainerLimits.MinPids} and {ContainerLimits.MaxPids}.", nameof(spec));
        }

        foreach (var (name, value) in spec.Environment ?? new Dictionary<string, string>())
        {
            if (!EnvNamePattern().IsMatch(name) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Environment variable '{name}' must be named with letters, digits and '_' (not starting with a digit) and hold no NUL character.", nameof(spec));
            }
        }

        if (spec.Command?.Any(argument => argument is null || argument.Contains('\0', StringComparison.Ordinal)) == true)
        {
            throw new ArgumentException("Command arguments must not hold NUL characters.", nameof(spec));
        }

        if (spec.Ports is { } ports && (ports.Any(port => port is < 1 or > 65535) || ports.Distinct().Count() != ports.Count))
        {
            throw new ArgumentException("Ports must be distinct TCP ports 1-65535.", nameof(spec));
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();
}
