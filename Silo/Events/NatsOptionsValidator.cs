using Microsoft.Extensions.Options;

namespace EddCloud.Silo.Events;

/// <summary>Checks <see cref="NatsOptions"/> at start-up; every message names the key, its environment variable and the fix.</summary>
internal sealed class NatsOptionsValidator : IValidateOptions<NatsOptions>
{
    private static readonly string[] UrlSchemes = ["nats", "tls", "ws", "wss"];

    public ValidateOptionsResult Validate(string? name, NatsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (!string.IsNullOrWhiteSpace(options.Url)
            && (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || !UrlSchemes.Contains(url.Scheme)))
        {
            failures.Add($"Nats:Url (EDD_NATS__URL) '{options.Url}' is not a NATS URL. Use nats://host:4222, or leave it empty to start a local nats-server.");
        }

        if (string.IsNullOrWhiteSpace(options.Url) && string.IsNullOrWhiteSpace(options.ServerPath))
        {
            failures.Add("Nats:ServerPath (EDD_NATS__SERVERPATH) is empty. Set it to the nats-server executable (default 'nats-server'), or set Nats:Url (EDD_NATS__URL) to an external NATS server.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Nats:Port (EDD_NATS__PORT) {options.Port} is not a TCP port. Use 1-65535, or 0 to pick a free port.");
        }

        if (string.IsNullOrWhiteSpace(options.StreamName) || !NatsNames.IsValid(options.StreamName))
        {
            failures.Add($"Nats:StreamName (EDD_NATS__STREAMNAME) '{options.StreamName}' is not a JetStream stream name. Use letters, digits, '-' and '_' only, e.g. EDD.");
        }

        if (options.MaxAge <= TimeSpan.Zero)
        {
            failures.Add($"Nats:MaxAge (EDD_NATS__MAXAGE) {options.MaxAge} must be positive. Use a time span such as 30.00:00:00 (30 days).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
