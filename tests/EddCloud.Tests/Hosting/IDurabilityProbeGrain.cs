namespace EddCloud.Tests.Hosting;

/// <summary>A grain that keeps one value in durable state and can hold reminders.</summary>
public interface IDurabilityProbeGrain : IGrainWithStringKey
{
    /// <summary>Writes the value; returns once it is durable.</summary>
    Task SetValueAsync(string value);

    /// <summary>Reads the value from the activation's state.</summary>
    Task<string?> GetValueAsync();

    /// <summary>Registers (or updates) a reminder that fires every 10 minutes.</summary>
    Task RegisterReminderAsync(string name);

    /// <summary>Names of this grain's reminders, read from the reminder table.</summary>
    Task<IReadOnlyList<string>> ListRemindersAsync();
}
