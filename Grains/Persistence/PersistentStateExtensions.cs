namespace EddCloud.Grains.Persistence;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Replaces the state and writes it; memory never runs ahead of storage, so when the write
    /// fails the previous state is put back before the error reaches the caller.
    /// </summary>
    public static async Task WriteAsync<T>(this IPersistentState<T> state, T next)
    {
        var previous = state.State;
        state.State = next;
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
}
