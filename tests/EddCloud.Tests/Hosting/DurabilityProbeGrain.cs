using EddCloud.Grains;

namespace EddCloud.Tests.Hosting;

internal sealed class DurabilityProbeGrain(
    [PersistentState("x", StorageNames.Default)] IPersistentState<DurabilityProbeState> state) : Grain, IDurabilityProbeGrain, IRemindable
{
    public async Task SetValueAsync(string value)
    {
        var previous = state.State;
        state.State = previous with { Value = value };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }

    public Task<string?> GetValueAsync() => Task.FromResult(state.State.Value);

    public Task RegisterReminderAsync(string name) =>
        this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    public async Task<IReadOnlyList<string>> ListRemindersAsync()
    {
        var reminders = await this.GetReminders();
        return [.. reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal)];
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
