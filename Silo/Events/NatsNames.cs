namespace EddCloud.Silo.Events;

/// <summary>JetStream stream and consumer names: NATS forbids '.', '*', '&gt;', whitespace and path separators; we allow a safe subset.</summary>
internal static class NatsNames
{
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
